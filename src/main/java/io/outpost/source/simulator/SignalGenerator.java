package io.outpost.source.simulator;

import io.outpost.value.Value;
import java.util.Random;

/** Produces one simulated tag's value at a given time. Not thread-safe: one tag, one tick at a time. */
final class SignalGenerator {

    private final SimulatorTagConfig tag;
    private final double periodMillis;
    private final Random random;
    private double walk;
    private long counter;

    SignalGenerator(SimulatorTagConfig tag, long seed) {
        this.tag = tag;
        this.periodMillis = Math.max(1, tag.period().toMillis());
        this.random = new Random(seed);
    }

    Value valueAt(long tsMillis) {
        double amplitude = tag.amplitude();
        return switch (tag.signal()) {
            case SINE -> Value.of(amplitude * Math.sin(2 * Math.PI * (tsMillis % (long) periodMillis) / periodMillis));
            // `period` is the time between changes (docs/config.md): low for one period, high for the next.
            case STEP -> Value.of(Math.floorMod(Math.floorDiv(tsMillis, (long) periodMillis), 2L) == 0 ? 0.0 : amplitude);
            case RANDOM_WALK -> {
                // Pulled gently back towards zero so a walk stays near ±amplitude over days.
                double stepScale = amplitude * Math.sqrt(Math.max(1, tag.interval().toMillis()) / periodMillis);
                walk += stepScale * random.nextGaussian() - walk * 0.01;
                yield Value.of(walk);
            }
            case COUNTER -> Value.of(++counter);
        };
    }
}
