package io.outpost.source.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.config.ReportPolicy;
import io.outpost.source.simulator.SimulatorTagConfig.Signal;
import io.outpost.value.Value;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SignalGeneratorTest {

    private static SignalGenerator generator(Signal signal) {
        return new SignalGenerator(new SimulatorTagConfig("x", signal, Duration.ofSeconds(10), 2.0,
                Duration.ofMillis(100), ReportPolicy.EVERY_CHANGE), 42);
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
}
