package io.outpost.gateway;

import io.outpost.config.ConfigLoader;
import io.outpost.config.ConfigPrinter;
import io.outpost.config.SourceCatalog;
import io.outpost.config.SourceConfig;
import io.outpost.config.SourceSchema;
import io.outpost.source.Source;
import io.outpost.source.SourceContext;
import io.outpost.source.SourceType;
import io.outpost.source.gpio.GpioSourceType;
import io.outpost.source.modbus.ModbusSourceTypes;
import io.outpost.source.opcua.OpcUaSourceType;
import io.outpost.source.simulator.SimulatorSourceType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The registry of source types: the one place that lists them. Reading a config ({@code run},
 * {@code validate}, the demo), printing it, its reference docs and building the sources all take
 * the types from here. Adding a type is its folder under {@code io.outpost.source} and one line
 * below. Immutable.
 */
public final class SourceTypes {

    private static final SourceTypes STANDARD = new SourceTypes(List.of(
            ModbusSourceTypes.TCP,
            ModbusSourceTypes.RTU,
            OpcUaSourceType.TYPE,
            GpioSourceType.TYPE,
            SimulatorSourceType.TYPE));

    private final Map<String, SourceType<?>> byName = new LinkedHashMap<>();
    private final SourceCatalog catalog;

    private SourceTypes(List<SourceType<?>> types) {
        types.forEach(type -> byName.put(type.name(), type));
        this.catalog = SourceCatalog.of(types.stream().<SourceSchema<?, ?>>map(SourceType::schema).toList());
    }

    /** Every type Outpost has. */
    public static SourceTypes standard() {
        return STANDARD;
    }

    /** The types' config declarations, in the order docs and messages list them. */
    public SourceCatalog catalog() {
        return catalog;
    }

    /** A loader for configs that may name any of these types. */
    public ConfigLoader loader() {
        return new ConfigLoader(catalog);
    }

    public ConfigPrinter printer() {
        return new ConfigPrinter(catalog);
    }

    /** The source for {@code config}, not yet started. */
    public Source create(SourceConfig config, SourceContext context) {
        SourceType<?> type = byName.get(config.type());
        if (type == null) {
            throw new IllegalArgumentException("no source implementation for type " + config.type());
        }
        return type.create(config, context);
    }
}
