package io.outpost.source.gpio;

import io.outpost.config.ReportPolicy;
import io.outpost.config.TagConfig;
import java.time.Duration;

/**
 * A GPIO pin (BCM numbering). Its value is logical: {@code true} is high, or low when
 * {@code invert} is set (active-low wiring). {@code initial} and {@code safe} are electrical levels.
 *
 * @param initial the level an output is driven to at start-up (outputs only)
 * @param safe what an output does when the daemon stops (outputs only)
 */
public record GpioTagConfig(
        String name, int pin, Direction direction, Pull pull, Duration debounce, boolean invert, Level initial,
        SafeState safe, ReportPolicy report)
        implements TagConfig {

    public enum Direction { INPUT, OUTPUT }

    public enum Pull { NONE, UP, DOWN }

    /** An electrical level. */
    public enum Level { LOW, HIGH }

    /** An output's level once the daemon stops; {@code HOLD} leaves it where it is. */
    public enum SafeState { LOW, HIGH, HOLD }
}
