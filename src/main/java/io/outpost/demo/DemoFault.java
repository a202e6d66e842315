package io.outpost.demo;

import java.util.OptionalLong;

/**
 * When the demo's machine ({@link DemoConfig#MACHINE_SOURCE}) runs with a damaged bearing: from
 * {@code afterSeconds} after its source starts, for {@code forSeconds}; the simulator's
 * {@code fault_after} and {@code fault_for}.
 */
record DemoFault(int afterSeconds, int forSeconds) {

    /** The shortest fault: room for a full window (0.64 s), the alarm's {@code for} and a margin. */
    static final int MIN_SECONDS = 5;

    DemoFault {
        if (afterSeconds < 1 || forSeconds < MIN_SECONDS) {
            throw new IllegalArgumentException("fault after " + afterSeconds + " s for " + forSeconds + " s");
        }
    }

    /**
     * Halfway through a demo of {@code seconds}, for a fifth of it (at least {@link #MIN_SECONDS}): it
     * ends at 70 % of the run at the latest, so the alarm clears well before the sources stop
     * ({@code seconds - 3} or later).
     */
    static DemoFault halfwayThrough(int seconds) {
        return new DemoFault(seconds / 2, Math.max(MIN_SECONDS, seconds / 5));
    }

    int endSeconds() {
        return afterSeconds + forSeconds;
    }

    /**
     * Whether the bearing is failing at gateway time {@code nowMillis}, by the plan, counted from the
     * machine's first reading (one interval after its source started); false before that reading.
     */
    boolean faultyAt(long nowMillis, OptionalLong firstReading) {
        if (firstReading.isEmpty()) {
            return false;
        }
        long sinceStart = nowMillis - (firstReading.getAsLong() - DemoConfig.MACHINE_INTERVAL_MILLIS);
        return sinceStart >= afterSeconds * 1000L && sinceStart < endSeconds() * 1000L;
    }
}
