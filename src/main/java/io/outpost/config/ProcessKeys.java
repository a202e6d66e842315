package io.outpost.config;

import static io.outpost.config.Checks.notEmpty;
import static io.outpost.config.Checks.positive;
import static io.outpost.config.Checks.range;

import io.outpost.config.AlarmConfig.Severity;
import io.outpost.value.TagId;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

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
    static final Key<TagId> OUTPUT = Key.required("output", ValueTypes.TAG_ID,
            "the derived tag the result is published as; alarms and other models can use it like any tag");

    static final Section MODEL = Section.at("models[]", "An ONNX model run next to the data, producing a derived tag.")
            .keys(MODEL_NAME, MODEL_FILE, INPUTS, WINDOW, EVERY, OUTPUT)
            .rule("Every input is a tag of a source or the output of a model, and not the model's own output.")
            .rule("An output is a new tag: not a tag of a source, nor another model's output.")
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

    static final Section ALARM = Section.at("alarms[]", "A rule on one tag, sent on the alarm lane ahead of telemetry.")
            .keys(ALARM_NAME, ALARM_TAG, ABOVE, BELOW, CLEAR, FOR, STALE, SEVERITY)
            .rule("Exactly one of `above`, `below` and `stale`.")
            .rule("`clear` and `for` go with `above` or `below`; `clear` is at most `above`, or at least `below`.")
            .rule("`tag` is a tag of a source or the output of a model.")
            .build();

    private ProcessKeys() {
    }
}
