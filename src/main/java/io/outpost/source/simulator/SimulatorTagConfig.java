package io.outpost.source.simulator;

import io.outpost.config.ReportPolicy;
import io.outpost.config.TagConfig;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A simulated tag: the {@code signal} shape, its {@code period} and {@code amplitude}, sampled every
 * {@code interval}; a {@code vibration} tag may have a {@code fault} injected.
 */
public record SimulatorTagConfig(
        String name, Signal signal, Duration period, double amplitude, Duration interval, Optional<Fault> fault,
        ReportPolicy report) implements TagConfig {

    public SimulatorTagConfig {
        Objects.requireNonNull(fault, "fault");
    }

    /** {@code signal:} sine | random-walk | step | counter | vibration. */
    public enum Signal {
        SINE("sine"), RANDOM_WALK("random-walk"), STEP("step"), COUNTER("counter"), VIBRATION("vibration");

        private final String configName;

        Signal(String configName) {
            this.configName = configName;
        }

        public String configName() {
            return configName;
        }
    }

    /**
     * {@code fault_after} and {@code fault_for}: the fault starts {@code after} the source starts and
     * lasts for {@code lasting}, or until the source stops when that is empty.
     */
    public record Fault(Duration after, Optional<Duration> lasting) {

        public Fault {
            Objects.requireNonNull(after, "after");
            Objects.requireNonNull(lasting, "lasting");
        }

        /** Whether the fault is on {@code sinceStartMillis} after the source started. */
        public boolean activeAt(long sinceStartMillis) {
            long from = after.toMillis();
            return sinceStartMillis >= from && lasting.map(d -> sinceStartMillis < from + d.toMillis()).orElse(true);
        }
    }
}
