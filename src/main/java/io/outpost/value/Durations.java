package io.outpost.value;

/**
 * Where a part reports how long one piece of its work took (a source's poll, a model's run), by the
 * name of what did it: the metrics' histograms, or nothing. Implementations are thread-safe and quick.
 */
@FunctionalInterface
public interface Durations {

    /** Keeps nothing: for a gateway without metrics, and for tests. */
    Durations NONE = (who, nanos) -> { };

    void took(String who, long nanos);

    /** Runs {@code work} and reports how long it took, whether it failed or not. */
    default void time(String who, Runnable work) {
        long started = System.nanoTime();
        try {
            work.run();
        } finally {
            took(who, System.nanoTime() - started);
        }
    }
}
