package io.outpost.source.simulator;

import static io.outpost.config.Checks.atLeast;
import static io.outpost.config.Checks.positive;

import io.outpost.config.Field;
import io.outpost.config.Key;
import io.outpost.config.SourceCatalog;
import io.outpost.config.SourceSchema;
import io.outpost.config.TagKeys;
import io.outpost.config.TagSchema;
import io.outpost.config.ValueTypes;
import io.outpost.source.simulator.SimulatorTagConfig.Signal;
import java.time.Duration;

/** The keys of a {@code type: simulator} source's tags; the source itself has only its name. */
final class SimulatorSchema {

    static final String TYPE_NAME = "simulator";

    static final Key<Signal> SIGNAL = Key.withDefault("signal", ValueTypes.oneOf(Signal.class, Signal::configName), Signal.SINE,
            "the shape of the signal");
    static final Key<Duration> PERIOD = Key.withDefault("period", ValueTypes.DURATION, Duration.ofSeconds(10),
            "one full cycle of `sine`, or the time between changes of `step`").check(positive());
    static final Key<Double> AMPLITUDE = Key.withDefault("amplitude", ValueTypes.NUMBER, 1.0,
            "peak value of `sine` and `step`, largest stride of `random-walk`, increment of `counter`").check(atLeast(0));
    static final Key<Duration> INTERVAL = Key.withDefault("interval", ValueTypes.DURATION, Duration.ofSeconds(1),
            "how often a value is produced").check(positive());

    static final TagSchema<SimulatorTagConfig> TAG = new TagSchema<>(SimulatorTagConfig.class,
            TagSchema.<SimulatorTagConfig>declare("A synthetic signal.", TYPE_NAME)
                    .fields(Field.of(SIGNAL, SimulatorTagConfig::signal), Field.of(PERIOD, SimulatorTagConfig::period),
                            Field.of(AMPLITUDE, SimulatorTagConfig::amplitude),
                            Field.of(INTERVAL, SimulatorTagConfig::interval), TagKeys.deadband(), TagKeys.maxAge())
                    .build(),
            v -> new SimulatorTagConfig(v.get(TagKeys.NAME), v.get(SIGNAL), v.get(PERIOD), v.get(AMPLITUDE),
                    v.get(INTERVAL), TagKeys.report(v)));

    static final SourceSchema<SimulatorSourceConfig, SimulatorTagConfig> SCHEMA = new SourceSchema<>(TYPE_NAME,
            SimulatorSourceConfig.class,
            SourceSchema.<SimulatorSourceConfig>declare("Synthetic signals, for demos and for trying a config without devices.")
                    .build(),
            TAG,
            (v, tags) -> new SimulatorSourceConfig(v.get(SourceCatalog.NAME), tags));

    private SimulatorSchema() {
    }
}
