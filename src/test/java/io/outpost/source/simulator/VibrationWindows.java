package io.outpost.source.simulator;

import io.outpost.config.ReportPolicy;
import io.outpost.source.simulator.SimulatorTagConfig.Fault;
import io.outpost.source.simulator.SimulatorTagConfig.Signal;
import java.time.Duration;
import java.util.Optional;
import java.util.Random;

/**
 * Windows of {@code signal: vibration} as a model is fed them, made by the simulator's own
 * generator, for the tests and benchmarks of models outside this package (the generator stays
 * package-private: the daemon has no use for it elsewhere).
 *
 * <p>Each window is its own machine (its own seed, so its own phase) started at a random time of
 * day; a faulty window lies wholly inside its fault.
 */
public record VibrationWindows(Duration period, double amplitude, Duration interval, int samples) {

    /** The configuration the shipped model was trained for (conf/models/README.md). */
    public static final VibrationWindows TRAINED = new VibrationWindows(Duration.ofSeconds(1), 1.0, Duration.ofMillis(20), 32);

    private static final long SOME_DAY = 1_718_064_000_000L;
    private static final long DAY_MILLIS = 86_400_000L;

    public float[][] healthy(int count, long seed) {
        return windows(count, seed, Optional.empty());
    }

    public float[][] faulty(int count, long seed) {
        return windows(count, seed, Optional.of(new Fault(Duration.ZERO, Optional.empty())));
    }

    private float[][] windows(int count, long seed, Optional<Fault> fault) {
        SimulatorTagConfig tag = new SimulatorTagConfig("vibration", Signal.VIBRATION, period, amplitude, interval, fault,
                ReportPolicy.EVERY_CHANGE);
        Random random = new Random(seed);
        float[][] out = new float[count][samples];
        for (int w = 0; w < count; w++) {
            long start = SOME_DAY + Math.floorMod(random.nextLong(), DAY_MILLIS);
            SignalGenerator generator = new SignalGenerator(tag, random.nextLong(), start);
            for (int i = 0; i < samples; i++) {
                out[w][i] = (float) generator.valueAt(start + i * interval.toMillis()).asDouble();
            }
        }
        return out;
    }
}
