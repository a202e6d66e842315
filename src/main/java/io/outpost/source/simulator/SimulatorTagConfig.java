package io.outpost.source.simulator;

import io.outpost.config.ReportPolicy;
import io.outpost.config.TagConfig;
import java.time.Duration;

/** A simulated tag: the {@code signal} shape, its {@code period} and {@code amplitude}, sampled every {@code interval}. */
public record SimulatorTagConfig(
        String name, Signal signal, Duration period, double amplitude, Duration interval, ReportPolicy report)
        implements TagConfig {

    /** {@code signal:} sine | random-walk | step | counter. */
    public enum Signal {
        SINE("sine"), RANDOM_WALK("random-walk"), STEP("step"), COUNTER("counter");

        private final String configName;

        Signal(String configName) {
            this.configName = configName;
        }

        public String configName() {
            return configName;
        }
    }
}
