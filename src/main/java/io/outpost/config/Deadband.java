package io.outpost.config;

/** {@code deadband: 0.05} (absolute) or {@code deadband: "1%"} (of the last value sent). */
public sealed interface Deadband {

    record Absolute(double amount) implements Deadband {
    }

    record Percent(double percent) implements Deadband {
    }
}
