package io.outpost.config;

import java.time.Duration;

/** A GPIO pin (BCM numbering). */
public record GpioTagConfig(
        String name, int pin, Direction direction, Pull pull, Duration debounce, ReportPolicy report)
        implements TagConfig {

    public enum Direction { INPUT, OUTPUT }

    public enum Pull { NONE, UP, DOWN }
}
