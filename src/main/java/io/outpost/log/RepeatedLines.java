package io.outpost.log;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Keeps an error that repeats (a model failing each run, a refused record retried, a server that
 * stays away) to one line per {@link #WINDOW}: the first occurrence is logged, the ones within the
 * window only counted, and the first one after it is logged with {@code (repeated 57 times in 60 s)}.
 * Keyed by what repeats (event and source, say); at most {@value #MAX_KEYS} keys, the oldest forgotten.
 *
 * <p>Thread-safe: callers on several threads may share one.
 */
public final class RepeatedLines {

    public static final Duration WINDOW = Duration.ofSeconds(60);
    static final int MAX_KEYS = 256;

    private final long windowNanos;
    private final Map<String, long[]> seen = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, long[]> eldest) {
            return size() > MAX_KEYS;
        }
    };

    public RepeatedLines() {
        this(WINDOW);
    }

    public RepeatedLines(Duration window) {
        this.windowNanos = window.toNanos();
    }

    /**
     * Whether to log this occurrence of {@code key} at {@code nowNanos} ({@link System#nanoTime()}):
     * empty to stay silent, else what to append to the line ({@code ""} or {@code " (repeated N times in S s)"}).
     */
    public synchronized Optional<String> admit(String key, long nowNanos) {
        long[] state = seen.get(key); // {window start, occurrences counted since}
        if (state == null) {
            seen.put(key, new long[] {nowNanos, 0});
            return Optional.of("");
        }
        if (nowNanos - state[0] < windowNanos) {
            state[1]++;
            return Optional.empty();
        }
        long repeated = state[1];
        long seconds = Duration.ofNanos(nowNanos - state[0]).toSeconds();
        state[0] = nowNanos;
        state[1] = 0;
        return Optional.of(repeated == 0 ? "" : " (repeated " + repeated + " times in " + seconds + " s)");
    }

    /** {@link #admit(String, long)} now. */
    public Optional<String> admit(String key) {
        return admit(key, System.nanoTime());
    }
}
