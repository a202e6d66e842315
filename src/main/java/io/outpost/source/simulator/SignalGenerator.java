package io.outpost.source.simulator;

import io.outpost.value.Value;
import java.util.Random;
import java.util.SplittableRandom;

/** Produces one simulated tag's value at a given time. Not thread-safe: one tag, one tick at a time. */
final class SignalGenerator {

    private final SimulatorTagConfig tag;
    private final double periodMillis;
    private final long startMillis;
    private final Random random;
    private final VibrationShape vibration;
    private double walk;
    private long counter;

    /** {@code startMillis}: when the source started, the time {@code fault_after} counts from. */
    SignalGenerator(SimulatorTagConfig tag, long seed, long startMillis) {
        this.tag = tag;
        this.periodMillis = Math.max(1, tag.period().toMillis());
        this.startMillis = startMillis;
        this.random = new Random(seed);
        // The phase comes from SplittableRandom, which mixes its seed: Random's first draw barely
        // moves between neighbouring seeds, and tags named `vib1` and `vib2` have neighbouring hash codes.
        this.vibration = tag.signal() == SimulatorTagConfig.Signal.VIBRATION
                ? new VibrationShape(periodMillis, Math.max(1, tag.interval().toMillis()),
                        new SplittableRandom(seed).nextDouble(2 * Math.PI))
                : null;
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
            case VIBRATION -> {
                // The noise is drawn healthy or not, so a fault changes the shape and nothing else.
                double noise = VibrationShape.NOISE * random.nextGaussian();
                double shape = faultAt(tsMillis) ? vibration.faulty(tsMillis) : vibration.healthy(tsMillis);
                yield Value.of(amplitude * (shape + noise));
            }
        };
    }

    private boolean faultAt(long tsMillis) {
        return tag.fault().map(f -> f.activeAt(tsMillis - startMillis)).orElse(false);
    }
}
