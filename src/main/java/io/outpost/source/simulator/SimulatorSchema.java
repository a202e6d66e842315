package io.outpost.source.simulator;

import static io.outpost.config.Checks.atLeast;
import static io.outpost.config.Checks.positive;

import io.outpost.config.Field;
import io.outpost.config.Key;
import io.outpost.config.ReadContext;
import io.outpost.config.Rule;
import io.outpost.config.SectionValues;
import io.outpost.config.SourceCatalog;
import io.outpost.config.SourceSchema;
import io.outpost.config.TagKeys;
import io.outpost.config.TagSchema;
import io.outpost.config.ValueTypes;
import io.outpost.source.simulator.SimulatorTagConfig.Fault;
import io.outpost.source.simulator.SimulatorTagConfig.Signal;
import java.time.Duration;
import java.util.List;

/** The keys of a {@code type: simulator} source's tags; the source itself has only its name. */
final class SimulatorSchema {

    static final String TYPE_NAME = "simulator";

    static final Key<Signal> SIGNAL = Key.withDefault("signal", ValueTypes.oneOf(Signal.class, Signal::configName), Signal.SINE,
            "the shape of the signal");
    static final Key<Duration> PERIOD = Key.withDefault("period", ValueTypes.DURATION, Duration.ofSeconds(10),
            "one full cycle of `sine` and of the fundamental of `vibration`, or the time between changes of `step`")
            .check(positive());
    static final Key<Double> AMPLITUDE = Key.withDefault("amplitude", ValueTypes.NUMBER, 1.0,
            "peak value of `sine`, `step` and the fundamental of `vibration`, largest stride of `random-walk`, "
                    + "increment of `counter`").check(atLeast(0));
    static final Key<Duration> INTERVAL = Key.withDefault("interval", ValueTypes.DURATION, Duration.ofSeconds(1),
            "how often a value is produced").check(positive());
    static final Key<Duration> FAULT_AFTER = Key.optional("fault_after", ValueTypes.DURATION,
            "inject a bearing fault this long after the source starts: the `vibration` takes another shape "
                    + "(impacts and a strong higher harmonic) at about the same RMS; without it the machine stays healthy");
    static final Key<Duration> FAULT_FOR = Key.optional("fault_for", ValueTypes.DURATION,
            "how long the injected fault lasts, then the signal is healthy again; without it the fault stays")
            .check(positive());

    static final TagSchema<SimulatorTagConfig> TAG = new TagSchema<>(SimulatorTagConfig.class,
            TagSchema.<SimulatorTagConfig>declare("A synthetic signal.", TYPE_NAME)
                    .fields(Field.of(SIGNAL, SimulatorTagConfig::signal), Field.of(PERIOD, SimulatorTagConfig::period),
                            Field.of(AMPLITUDE, SimulatorTagConfig::amplitude),
                            Field.of(INTERVAL, SimulatorTagConfig::interval),
                            Field.optional(FAULT_AFTER, t -> t.fault().map(Fault::after)),
                            Field.optional(FAULT_FOR, t -> t.fault().flatMap(Fault::lasting)),
                            TagKeys.deadband(), TagKeys.maxAge())
                    .rule(Rule.stated("`fault_after` and `fault_for` apply to `signal: vibration` only; "
                                    + "`fault_for` needs `fault_after`.",
                            Rule.notApplicable(SIGNAL, s -> s != Signal.VIBRATION, "applies to `signal: vibration` only",
                                    List.of(FAULT_AFTER, FAULT_FOR)),
                            Rule.of("", SimulatorSchema::faultForNeedsFaultAfter)))
                    .build(),
            v -> new SimulatorTagConfig(v.get(TagKeys.NAME), v.get(SIGNAL), v.get(PERIOD), v.get(AMPLITUDE),
                    v.get(INTERVAL), v.find(FAULT_AFTER).map(after -> new Fault(after, v.find(FAULT_FOR))),
                    TagKeys.report(v)));

    static final SourceSchema<SimulatorSourceConfig, SimulatorTagConfig> SCHEMA = new SourceSchema<>(TYPE_NAME,
            SimulatorSourceConfig.class,
            SourceSchema.<SimulatorSourceConfig>declare("Synthetic signals, for demos and for trying a config without devices.")
                    .build(),
            TAG,
            (v, tags) -> new SimulatorSourceConfig(v.get(SourceCatalog.NAME), tags));

    private SimulatorSchema() {
    }

    // Only for vibration: on another signal `fault_for` is already reported as not applying at all.
    private static void faultForNeedsFaultAfter(SectionValues tag, ReadContext ctx) {
        if (tag.get(SIGNAL) == Signal.VIBRATION && tag.has(FAULT_FOR) && !tag.has(FAULT_AFTER)) {
            ctx.problem(tag.keyNode(FAULT_FOR), tag.path(FAULT_FOR), "needs `fault_after`: the time the fault starts");
        }
    }
}
