package io.outpost.source.gpio;

import static io.outpost.config.Checks.range;

import io.outpost.config.Checks;
import io.outpost.config.Durations;
import io.outpost.config.EntryRule;
import io.outpost.config.Field;
import io.outpost.config.Key;
import io.outpost.config.ReadContext;
import io.outpost.config.Rule;
import io.outpost.config.SectionValues;
import io.outpost.config.SourceCatalog;
import io.outpost.config.SourceSchema;
import io.outpost.config.TagKeys;
import io.outpost.config.TagSchema;
import io.outpost.config.Uniqueness;
import io.outpost.config.ValueTypes;
import io.outpost.source.gpio.GpioSourceConfig.Provider;
import io.outpost.source.gpio.GpioTagConfig.Direction;
import io.outpost.source.gpio.GpioTagConfig.Level;
import io.outpost.source.gpio.GpioTagConfig.Pull;
import io.outpost.source.gpio.GpioTagConfig.SafeState;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/** The keys of a {@code type: gpio} source and of its pins, and the rules across them. */
final class GpioSchema {

    static final String TYPE_NAME = "gpio";

    static final Key<Integer> PIN = Key.required("pin", ValueTypes.WHOLE_NUMBER,
            "BCM GPIO number (not the physical pin number) of the 40-pin header").check(range(0, 27));
    static final Key<Direction> DIRECTION = Key.withDefault("direction", ValueTypes.oneOf(Direction.class), Direction.INPUT,
            "`input` is read; `output` is driven by the `set-output` command");
    static final Key<Pull> PULL = Key.withDefault("pull", ValueTypes.oneOf(Pull.class), Pull.NONE,
            "internal pull resistor of an input");
    static final Key<Duration> DEBOUNCE = Key.withDefault("debounce", ValueTypes.DURATION, Duration.ZERO,
            "an input's change is sent once the pin has stayed at its new level this long; shorter pulses "
                    + "(contact bounce) are dropped; `0ms` sends every edge at once").check(Checks.atMost(Duration.ofSeconds(10)));
    static final Key<Boolean> INVERT = Key.withDefault("invert", ValueTypes.scalar("`true` or `false`", GpioSchema::bool, b -> b),
            false, "active-low wiring: the tag is `true` when the pin is low (inputs), and `true` drives the pin low (outputs)");
    static final Key<Level> INITIAL = Key.withDefault("initial", ValueTypes.oneOf(Level.class), Level.LOW,
            "the level an output is driven to when the source starts (an electrical level, `invert` does not apply)");
    static final Key<SafeState> SAFE = Key.withDefault("safe", ValueTypes.oneOf(SafeState.class), SafeState.LOW,
            "what an output does when the daemon stops: driven `low` or `high`, or `hold` its last level "
                    + "(an electrical level, `invert` does not apply)");

    static final TagSchema<GpioTagConfig> TAG = new TagSchema<>(GpioTagConfig.class,
            TagSchema.<GpioTagConfig>declare("A pin of the gateway itself; its value is `true` (high) or `false` (low).",
                            TYPE_NAME)
                    .fields(Field.of(PIN, GpioTagConfig::pin), Field.of(DIRECTION, GpioTagConfig::direction),
                            Field.of(PULL, GpioTagConfig::pull), Field.of(DEBOUNCE, GpioTagConfig::debounce),
                            Field.of(INVERT, GpioTagConfig::invert), Field.of(INITIAL, GpioTagConfig::initial),
                            Field.of(SAFE, GpioTagConfig::safe), TagKeys.maxAge())
                    .misplaced(TagKeys.DEADBAND.name(),
                            "`deadband` does not apply to GPIO pins: they are on or off, and every change is sent")
                    .rule(Rule.stated("`pull` and `debounce` apply to inputs only; `initial` and `safe` to outputs only.",
                            Rule.notApplicable(DIRECTION, d -> d == Direction.OUTPUT, "applies to input pins only",
                                    List.of(PULL, DEBOUNCE)),
                            Rule.notApplicable(DIRECTION, d -> d == Direction.INPUT, "applies to output pins only",
                                    List.of(INITIAL, SAFE))))
                    .acrossEntries(new EntryRule("A pin is used by one tag of the source only.", GpioSchema::pinsOnce))
                    .build(),
            v -> new GpioTagConfig(v.get(TagKeys.NAME), v.get(PIN), v.get(DIRECTION), v.get(PULL), v.get(DEBOUNCE),
                    v.get(INVERT), v.get(INITIAL), v.get(SAFE), TagKeys.report(v)));

    static final Key<Provider> PROVIDER = Key.withDefault("provider", ValueTypes.oneOf(Provider.class), Provider.AUTO,
            "`gpiod` (the Linux GPIO character device), `mock` (no hardware, for tests) or `auto` (gpiod where present)");

    static final SourceSchema<GpioSourceConfig, GpioTagConfig> SCHEMA = new SourceSchema<>(TYPE_NAME,
            GpioSourceConfig.class,
            SourceSchema.<GpioSourceConfig>declare("The gateway's own GPIO pins.")
                    .fields(Field.of(PROVIDER, GpioSourceConfig::provider))
                    .build(),
            TAG,
            (v, tags) -> new GpioSourceConfig(v.get(SourceCatalog.NAME), v.get(PROVIDER), tags));

    private GpioSchema() {
    }

    private static Consumer<SectionValues> pinsOnce(ReadContext ctx) {
        Uniqueness<Integer> pins = new Uniqueness<>(ctx,
                (pin, line) -> "pin " + pin + " is already used by another tag of this source (line " + line + ")");
        return tag -> pins.add(tag, PIN);
    }

    static boolean bool(String text) {
        return switch (text) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(Durations.quote(text) + " is not true or false");
        };
    }
}
