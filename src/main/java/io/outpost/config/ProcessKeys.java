package io.outpost.config;

import static io.outpost.config.Checks.notEmpty;
import static io.outpost.config.Checks.positive;
import static io.outpost.config.Checks.range;

import io.outpost.config.AlarmConfig.Severity;
import io.outpost.value.TagId;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/** The declaration of {@code models:} and {@code alarms:}, the processing beside the data path. */
final class ProcessKeys {

    static final Key<String> MODEL_NAME = Key.required("name", ValueTypes.NAME, "unique among models");
    static final Key<Path> MODEL_FILE = Key.required("file", ValueTypes.FILE, "the ONNX model");
    static final Key<List<TagId>> INPUTS = Key.required("inputs", ValueTypes.listOf(ValueTypes.TAG_ID),
            "the tags fed to the model, one window of each, in this order").check(notEmpty("input tag"));
    static final Key<Integer> WINDOW = Key.required("window", ValueTypes.WHOLE_NUMBER,
            "samples per input the model takes at once").check(range(1, 10000));
    static final Key<Duration> EVERY = Key.withDefault("every", ValueTypes.DURATION, Duration.ofSeconds(1),
            "how often the model runs").check(positive());
    static final Key<Duration> MAX_GAP = Key.optional("max_gap", ValueTypes.DURATION,
            "a run is skipped, and its output made `uncertain`, when an input's window has a gap longer than this "
            + "or its newest reading is older than this").check(positive())
            .defaultNote("3 × the slowest input's interval; no gap check for an input without one (GPIO edges)");
    static final Key<TagId> OUTPUT = Key.required("output", ValueTypes.TAG_ID,
            "the derived tag the result is published as; alarms and other models can use it like any tag");

    static final Schema<ModelConfig> MODEL = Schema.<ModelConfig>at("models[]",
                    "An ONNX model run next to the data, producing a derived tag.")
            .fields(Field.of(MODEL_NAME, ModelConfig::name), Field.of(MODEL_FILE, ModelConfig::file),
                    Field.of(INPUTS, ModelConfig::inputs), Field.of(WINDOW, ModelConfig::window),
                    Field.of(EVERY, ModelConfig::every), Field.optional(MAX_GAP, ModelConfig::maxGap),
                    Field.of(OUTPUT, ModelConfig::output))
            // both need every source's tags and every model's output in view: ProcessBinder checks them
            .rule(Rule.checkedElsewhere(
                    "Every input is a tag of a source or the output of a model, and not the model's own output."))
            .rule(Rule.checkedElsewhere("An output is a new tag: not a tag of a source, nor another model's output."))
            .build();

    static final Key<String> ALARM_NAME = Key.required("name", ValueTypes.NAME, "unique among alarms");
    static final Key<TagId> ALARM_TAG = Key.required("tag", ValueTypes.TAG_ID, "the tag watched (a source's or a model's)");
    static final Key<Double> ABOVE = Key.optional("above", ValueTypes.NUMBER, "raise when the value goes above this");
    static final Key<Double> BELOW = Key.optional("below", ValueTypes.NUMBER, "raise when the value goes below this");
    static final Key<Double> CLEAR = Key.optional("clear", ValueTypes.NUMBER,
            "clear only when the value is back past this (hysteresis)").defaultNote("the threshold");
    static final Key<Duration> FOR = Key.optional("for", ValueTypes.DURATION,
            "raise only when the condition has held this long").check(positive()).defaultNote("at once");
    static final Key<Duration> STALE = Key.optional("stale", ValueTypes.DURATION,
            "raise when the tag had no fresh value for this long").check(positive());
    static final Key<Severity> SEVERITY = Key.withDefault("severity", ValueTypes.oneOf(Severity.class), Severity.MAJOR,
            "carried in the alarm event");

    static final Schema<AlarmConfig> ALARM = Schema.<AlarmConfig>at("alarms[]",
                    "A rule on one tag, sent on the alarm lane ahead of telemetry.")
            .fields(Field.of(ALARM_NAME, AlarmConfig::name), Field.of(ALARM_TAG, AlarmConfig::tag),
                    Field.optional(ABOVE, a -> boxed(a.above())), Field.optional(BELOW, a -> boxed(a.below())),
                    Field.optional(CLEAR, a -> boxed(a.clear())), Field.optional(FOR, AlarmConfig::forDuration),
                    Field.optional(STALE, AlarmConfig::stale), Field.of(SEVERITY, AlarmConfig::severity))
            .rule(Rule.of("Exactly one of `above`, `below` and `stale`.", AlarmConditions::exactlyOne))
            .rule(Rule.of("`clear` and `for` go with `above` or `below`; `clear` is at most `above`, or at least `below`.",
                    AlarmConditions::thresholdSettings))
            // needs every source's tags and every model's output in view: ProcessBinder checks it
            .rule(Rule.checkedElsewhere("`tag` is a tag of a source or the output of a model."))
            .build();

    private ProcessKeys() {
    }

    static ModelConfig model(SectionValues v) {
        return new ModelConfig(v.get(MODEL_NAME), v.get(MODEL_FILE), v.get(INPUTS), v.get(WINDOW), v.get(EVERY), v.find(MAX_GAP),
                v.get(OUTPUT));
    }

    static AlarmConfig alarm(SectionValues v) {
        return new AlarmConfig(v.get(ALARM_NAME), v.get(ALARM_TAG), unboxed(v.find(ABOVE)), unboxed(v.find(BELOW)),
                unboxed(v.find(CLEAR)), v.find(FOR), v.find(STALE), v.get(SEVERITY));
    }

    private static Optional<Double> boxed(OptionalDouble value) {
        return value.isPresent() ? Optional.of(value.getAsDouble()) : Optional.empty();
    }

    private static OptionalDouble unboxed(Optional<Double> value) {
        return value.map(OptionalDouble::of).orElse(OptionalDouble.empty());
    }
}
