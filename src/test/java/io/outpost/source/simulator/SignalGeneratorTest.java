package io.outpost.source.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.config.ReportPolicy;
import io.outpost.source.simulator.SimulatorTagConfig.Fault;
import io.outpost.source.simulator.SimulatorTagConfig.Signal;
import io.outpost.value.Value;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SignalGeneratorTest {

    private static final long START = 1_718_064_123_456L;
    private static final long PERIOD = 1_000;
    private static final long INTERVAL = 20;

    private static SignalGenerator generator(Signal signal) {
        return new SignalGenerator(new SimulatorTagConfig("x", signal, Duration.ofSeconds(10), 2.0,
                Duration.ofMillis(100), Optional.empty(), ReportPolicy.EVERY_CHANGE), 42, 0);
    }

    private static SignalGenerator vibration(Optional<Fault> fault, long seed) {
        return new SignalGenerator(new SimulatorTagConfig("v", Signal.VIBRATION, Duration.ofMillis(PERIOD), 1.5,
                Duration.ofMillis(INTERVAL), fault, ReportPolicy.EVERY_CHANGE), seed, START);
    }

    private static Optional<Fault> faultFrom(Duration after, Duration lasting) {
        return Optional.of(new Fault(after, Optional.ofNullable(lasting)));
    }

    /** {@code periods} whole periods of samples from {@code from}. */
    private static double[] samples(SignalGenerator generator, long from, int periods) {
        double[] out = new double[(int) (periods * PERIOD / INTERVAL)];
        for (int i = 0; i < out.length; i++) {
            out[i] = generator.valueAt(from + i * INTERVAL).asDouble();
        }
        return out;
    }

    private static double rms(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v * v;
        }
        return Math.sqrt(sum / values.length);
    }

    /** The share of the power in harmonics above the fifth: the shape, whatever the level. */
    private static double highHarmonicShare(double[] values, int periods) {
        double total = 0;
        double high = 0;
        for (int k = 1; k <= values.length / 2; k++) {
            double re = 0;
            double im = 0;
            for (int i = 0; i < values.length; i++) {
                re += values[i] * Math.cos(2 * Math.PI * k * i / values.length);
                im += values[i] * Math.sin(2 * Math.PI * k * i / values.length);
            }
            double power = re * re + im * im;
            total += power;
            if (k > 5 * periods) {
                high += power;
            }
        }
        return high / total;
    }

    @Test
    void sineFollowsItsPeriodAndAmplitude() {
        SignalGenerator sine = generator(Signal.SINE);
        assertEquals(0.0, sine.valueAt(0).asDouble(), 1e-9);
        assertEquals(2.0, sine.valueAt(2_500).asDouble(), 1e-9);
        assertEquals(-2.0, sine.valueAt(7_500).asDouble(), 1e-9);
        assertEquals(0.0, sine.valueAt(10_000).asDouble(), 1e-9);
    }

    @Test
    void stepChangesOncePerPeriodBetweenZeroAndAmplitude() {
        SignalGenerator step = generator(Signal.STEP);
        assertEquals(0.0, step.valueAt(0).asDouble());
        assertEquals(0.0, step.valueAt(9_999).asDouble(), "a period of 10 s holds the value for 10 s");
        assertEquals(2.0, step.valueAt(10_000).asDouble());
        assertEquals(2.0, step.valueAt(19_999).asDouble());
        assertEquals(0.0, step.valueAt(20_000).asDouble());
    }

    @Test
    void stepChangesExactlyOnceEveryPeriodOverALongRun() {
        SignalGenerator step = generator(Signal.STEP);
        int changes = 0;
        double previous = step.valueAt(0).asDouble();
        for (long ts = 100; ts < 100_000; ts += 100) {
            double v = step.valueAt(ts).asDouble();
            if (v != previous) {
                changes++;
                assertEquals(0, ts % 10_000, "a change away from a period boundary at " + ts);
            }
            previous = v;
        }
        assertEquals(9, changes, "100 s of a 10 s step");
    }

    @Test
    void counterCountsUpAsExactIntegers() {
        SignalGenerator counter = generator(Signal.COUNTER);
        assertEquals(Value.of(1L), counter.valueAt(0));
        assertEquals(Value.of(2L), counter.valueAt(0));
        assertEquals(Value.of(3L), counter.valueAt(0));
    }

    @Test
    void randomWalkMovesAndStaysNearItsAmplitude() {
        SignalGenerator walk = generator(Signal.RANDOM_WALK);
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        double previous = Double.NaN;
        int changes = 0;
        for (int i = 0; i < 10_000; i++) {
            double v = walk.valueAt(i * 100L).asDouble();
            if (v != previous) {
                changes++;
            }
            previous = v;
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        assertEquals(10_000, changes);
        assertTrue(max - min > 0.1, "a walk that barely moves: " + min + ".." + max);
        assertTrue(Math.abs(min) < 20 && Math.abs(max) < 20, "a walk that ran away: " + min + ".." + max);
    }

    @Test
    void healthyVibrationRepeatsEveryPeriodUpToItsNoiseAtTheRmsOfItsTwoHarmonics() {
        double[] values = samples(vibration(Optional.empty(), 7), START, 20);
        int perPeriod = (int) (PERIOD / INTERVAL);
        double worst = 0;
        for (int i = perPeriod; i < values.length; i++) {
            worst = Math.max(worst, Math.abs(values[i] - values[i - perPeriod]));
        }
        double noise = VibrationShape.NOISE * 1.5;
        assertTrue(worst < 12 * noise, "one period differs from the next by " + worst);
        assertTrue(worst > noise, "no noise at all: " + worst);
        double expected = 1.5 * Math.sqrt(0.5 + VibrationShape.THIRD_HARMONIC * VibrationShape.THIRD_HARMONIC / 2);
        assertEquals(expected, rms(values), 0.02 * expected);
    }

    @Test
    void aFaultChangesTheShapeButKeepsTheRmsWithinThirtyPercent() {
        double[] healthy = samples(vibration(Optional.empty(), 7), START, 10);
        double[] faulty = samples(vibration(faultFrom(Duration.ZERO, null), 7), START, 10);
        double ratio = rms(faulty) / rms(healthy);
        assertTrue(ratio > 0.7 && ratio < 1.3, "RMS faulty / healthy = " + ratio);
        double healthyHigh = highHarmonicShare(healthy, 10);
        double faultyHigh = highHarmonicShare(faulty, 10);
        assertTrue(healthyHigh < 0.01, "a healthy machine above its fifth harmonic: " + healthyHigh);
        assertTrue(faultyHigh > 0.05, "a faulty machine above its fifth harmonic: " + faultyHigh);
    }

    @Test
    void theFaultStartsAndEndsAtItsConfiguredTimesAfterTheSourceStarts() {
        SignalGenerator healthy = vibration(Optional.empty(), 7);
        SignalGenerator faulty = vibration(faultFrom(Duration.ofSeconds(3), Duration.ofSeconds(2)), 7);
        for (long t = START; t < START + 8_000; t += INTERVAL) {
            double h = healthy.valueAt(t).asDouble();
            double f = faulty.valueAt(t).asDouble();
            long since = t - START;
            if (since >= 3_000 && since < 5_000) {
                assertNotEquals(h, f, "no fault " + since + " ms after the start");
            } else {
                assertEquals(h, f, "a fault " + since + " ms after the start");
            }
        }
    }

    @Test
    void aFaultWithoutFaultForLastsAsLongAsTheSourceRuns() {
        SignalGenerator healthy = vibration(Optional.empty(), 7);
        SignalGenerator faulty = vibration(faultFrom(Duration.ofMinutes(1), null), 7);
        long aWeekLater = START + Duration.ofDays(7).toMillis();
        assertEquals(healthy.valueAt(START + 59_980).asDouble(), faulty.valueAt(START + 59_980).asDouble());
        assertNotEquals(healthy.valueAt(aWeekLater).asDouble(), faulty.valueAt(aWeekLater).asDouble());
    }

    @Test
    void vibrationIsTheSameForTheSameSeedAndAnotherMachineForAnother() {
        double[] first = samples(vibration(faultFrom(Duration.ofSeconds(1), null), 7), START, 2);
        double[] again = samples(vibration(faultFrom(Duration.ofSeconds(1), null), 7), START, 2);
        double[] other = samples(vibration(faultFrom(Duration.ofSeconds(1), null), 8), START, 2);
        assertEquals(Arrays.toString(first), Arrays.toString(again));
        double apart = 0;
        for (int i = 0; i < first.length; i++) {
            apart = Math.max(apart, Math.abs(first[i] - other[i]));
        }
        assertTrue(apart > 0.2, "another seed, another phase of the third harmonic: at most " + apart + " apart");
    }
}
