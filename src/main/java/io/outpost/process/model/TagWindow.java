package io.outpost.process.model;

import io.outpost.value.Quality;
import io.outpost.value.Sample;
import io.outpost.value.TagId;
import java.util.Optional;

/**
 * The last {@code size} readings of one input tag, every reading (the model sees what the exception
 * filter sees, before report-by-exception). Thread-safe: sources append from their threads, the
 * models thread copies.
 */
final class TagWindow {

    private final TagId tag;
    private final float[] values;
    private final long[] times;
    private final boolean[] bad;
    private int next;
    private int count;

    TagWindow(TagId tag, int size) {
        this.tag = tag;
        this.values = new float[size];
        this.times = new long[size];
        this.bad = new boolean[size];
    }

    synchronized void add(Sample sample) {
        boolean usable = sample.quality() != Quality.BAD;
        values[next] = usable ? (float) sample.value().asDouble() : Float.NaN;
        times[next] = sample.tsMillis();
        bad[next] = !usable;
        next = (next + 1) % values.length;
        count = Math.min(count + 1, values.length);
    }

    /**
     * Copies the window, oldest first, into {@code into} at {@code offset}; or says why it cannot
     * feed a run: not full yet (empty reason: no run, no output), a bad reading in it, a gap longer than
     * {@code maxGapMillis} between readings or since the newest one ({@code 0}: no gap check).
     */
    synchronized Optional<String> copyInto(float[] into, int offset, long nowMillis, long maxGapMillis) {
        int size = values.length;
        if (count < size) {
            return Optional.of("");
        }
        long previous = Long.MIN_VALUE;
        for (int i = 0; i < size; i++) {
            int at = (next + i) % size;
            if (bad[at]) {
                return Optional.of("a bad reading of " + tag + " in the window");
            }
            if (maxGapMillis > 0 && previous != Long.MIN_VALUE && times[at] - previous > maxGapMillis) {
                return Optional.of("a gap of " + (times[at] - previous) + " ms in " + tag + " (max_gap " + maxGapMillis + " ms)");
            }
            previous = times[at];
            into[offset + i] = values[at];
        }
        if (maxGapMillis > 0 && nowMillis - previous > maxGapMillis) {
            return Optional.of("no reading of " + tag + " for " + (nowMillis - previous) + " ms (max_gap " + maxGapMillis + " ms)");
        }
        return Optional.empty();
    }
}
