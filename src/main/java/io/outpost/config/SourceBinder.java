package io.outpost.config;

import static io.outpost.config.SourceKeys.*;

import io.outpost.config.GpioTagConfig.Direction;
import io.outpost.config.ModbusTagConfig.DataType;
import io.outpost.config.ModbusTagConfig.Order;
import io.outpost.config.ModbusTagConfig.Table;
import io.outpost.config.OpcUaSourceConfig.SecurityMode;
import io.outpost.config.OpcUaSourceConfig.SecurityPolicy;
import io.outpost.value.TagId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Turns the {@code sources:} values into source records, checking what spans keys (a Modbus type
 * against its table and byte order, OPC UA policy against mode) and what spans entries (unique
 * names, shared serial lines), and enters every tag into the {@link TagIndex}.
 */
final class SourceBinder {

    private final ReadContext ctx;
    private final TagIndex tags;

    SourceBinder(ReadContext ctx, TagIndex tags) {
        this.ctx = ctx;
        this.tags = tags;
    }

    /** The sources that were read without problems, in file order. */
    List<SourceConfig> bind(List<SectionValues> sources) {
        Uniqueness<String> names = Uniqueness.named(ctx, "source name");
        Map<String, SectionValues> serialLines = new HashMap<>();
        List<SourceConfig> bound = new ArrayList<>();
        for (SectionValues source : sources) {
            names.add(source, NAME);
            Optional<SourceType> type = FAMILY.variantOf(source);
            if (type.isEmpty()) {
                continue;
            }
            Optional<? extends SourceConfig> config = switch (type.get()) {
                case MODBUS_TCP -> modbusTcp(source);
                case MODBUS_RTU -> modbusRtu(source, serialLines);
                case OPCUA -> opcUa(source);
                case GPIO -> gpio(source);
                case SIMULATOR -> simulator(source);
            };
            config.ifPresent(bound::add);
        }
        return bound;
    }

    private Optional<ModbusTcpSourceConfig> modbusTcp(SectionValues source) {
        List<ModbusTagConfig> tagConfigs = tags(source, MODBUS_TAGS, this::modbusTag);
        return source.build(v -> new ModbusTcpSourceConfig(v.get(NAME), v.get(HOST), v.get(PORT), v.get(TCP_UNIT_ID),
                v.get(POLL_INTERVAL), v.get(TIMEOUT), v.get(MAX_GAP), tagConfigs));
    }

    private Optional<ModbusRtuSourceConfig> modbusRtu(SectionValues source, Map<String, SectionValues> serialLines) {
        String device = source.get(DEVICE);
        if (device != null) {
            SectionValues first = serialLines.putIfAbsent(device, source);
            if (first != null && !sameLineSettings(first, source)) {
                ctx.problem(source.node(DEVICE), source.path(DEVICE), "`" + device + "` is also used by source `"
                        + first.get(NAME) + "` with other settings: baud, parity, data_bits and stop_bits must match");
            }
        }
        List<ModbusTagConfig> tagConfigs = tags(source, MODBUS_TAGS, this::modbusTag);
        return source.build(v -> new ModbusRtuSourceConfig(v.get(NAME), v.get(DEVICE), v.get(BAUD), v.get(PARITY),
                v.get(DATA_BITS), v.get(STOP_BITS), v.get(RTU_UNIT_ID), v.get(POLL_INTERVAL), v.get(TIMEOUT), v.get(MAX_GAP), tagConfigs));
    }

    private static boolean sameLineSettings(SectionValues a, SectionValues b) {
        return List.of(BAUD, DATA_BITS, STOP_BITS).stream().allMatch(k -> Objects.equals(a.get(k), b.get(k)))
                && Objects.equals(a.get(PARITY), b.get(PARITY));
    }

    private Optional<OpcUaSourceConfig> opcUa(SectionValues source) {
        SecurityPolicy policy = source.get(SECURITY_POLICY);
        SecurityMode mode = source.get(SECURITY_MODE);
        if (policy != null && mode != null && (policy == SecurityPolicy.NONE) != (mode == SecurityMode.NONE)) {
            if (source.has(SECURITY_MODE)) {
                ctx.problem(source.node(SECURITY_MODE), source.path(SECURITY_MODE), policy == SecurityPolicy.NONE
                        ? "must be None when security_policy is None"
                        : "must be Sign or SignAndEncrypt with security_policy " + policy.configName());
            } else {
                ctx.problem(source.node(SECURITY_POLICY), source.path(SECURITY_POLICY),
                        "needs security_mode Sign or SignAndEncrypt (the default, None, goes only with policy None)");
            }
        }
        if (source.has(PASSWORD_FILE) && !source.has(USERNAME)) {
            ctx.problem(source.keyNode(PASSWORD_FILE), source.path(PASSWORD_FILE), "needs `username`");
        }
        List<OpcUaTagConfig> tagConfigs = tags(source, OPCUA_TAGS,
                tag -> tag.build(v -> new OpcUaTagConfig(v.get(TAG_NAME), v.get(NODE), report(v))));
        return source.build(v -> new OpcUaSourceConfig(v.get(NAME), v.get(ENDPOINT), policy, mode, v.find(USERNAME),
                v.find(PASSWORD_FILE), v.get(MODE), v.get(INTERVAL), tagConfigs));
    }

    private Optional<GpioSourceConfig> gpio(SectionValues source) {
        Uniqueness<Integer> pins = new Uniqueness<>(ctx,
                (pin, line) -> "pin " + pin + " is already used by another tag of this source (line " + line + ")");
        List<GpioTagConfig> tagConfigs = tags(source, GPIO_TAGS, tag -> {
            pins.add(tag, PIN);
            Direction direction = tag.get(DIRECTION);
            boolean output = direction == Direction.OUTPUT;
            for (Key<?> key : direction == null ? List.<Key<?>>of() : output ? List.of(PULL, DEBOUNCE) : List.of(INITIAL, SAFE)) {
                if (tag.has(key)) {
                    ctx.problem(tag.keyNode(key), tag.path(key), "applies to " + (output ? "input" : "output") + " pins only");
                }
            }
            return tag.build(v -> new GpioTagConfig(v.get(TAG_NAME), v.get(PIN), v.get(DIRECTION), v.get(PULL),
                    v.get(DEBOUNCE), v.get(INVERT), v.get(INITIAL), v.get(SAFE), report(v)));
        });
        return source.build(v -> new GpioSourceConfig(v.get(NAME), v.get(PROVIDER), tagConfigs));
    }

    private Optional<SimulatorSourceConfig> simulator(SectionValues source) {
        List<SimulatorTagConfig> tagConfigs = tags(source, SIMULATOR_TAGS, tag -> tag.build(v -> new SimulatorTagConfig(
                v.get(TAG_NAME), v.get(SIGNAL), v.get(PERIOD), v.get(AMPLITUDE), v.get(SAMPLE_INTERVAL), report(v))));
        return source.build(v -> new SimulatorSourceConfig(v.get(NAME), tagConfigs));
    }

    private Optional<ModbusTagConfig> modbusTag(SectionValues tag) {
        Table table = tag.get(TABLE);
        DataType type = tag.get(DATA_TYPE);
        Integer address = tag.get(ADDRESS);
        if (table != null && type != null) {
            if (table.holdsBits() && type != DataType.BOOL) {
                ctx.problem(tag.node(DATA_TYPE), tag.path(DATA_TYPE), "must be `bool`: the "
                        + ValueTypes.lowerCaseName(table) + " table holds single bits");
            } else if (!table.holdsBits() && type == DataType.BOOL) {
                ctx.problem(tag.node(DATA_TYPE), tag.path(DATA_TYPE), "`bool` reads the coil or discrete table, not "
                        + ValueTypes.lowerCaseName(table) + " registers");
            }
        }
        if (type == DataType.BOOL) {
            for (Key<?> numericOnly : List.of(ORDER, SCALE, OFFSET, DEADBAND)) {
                if (tag.has(numericOnly)) {
                    ctx.problem(tag.keyNode(numericOnly), tag.path(numericOnly), "does not apply to `bool` tags");
                }
            }
        }
        Order order = tag.get(ORDER);
        if (type != null && type != DataType.BOOL && order != null && type.sixteenBit() != order.sixteenBit()) {
            ctx.problem(tag.node(ORDER), tag.path(ORDER), type.sixteenBit()
                    ? "16-bit types take AB or BA, not " + order
                    : "32- and 64-bit types take ABCD, CDAB, BADC or DCBA, not " + order);
        }
        if (type != null && address != null && address + type.registers() - 1 > 65535) {
            ctx.problem(tag.node(ADDRESS), tag.path(ADDRESS), ValueTypes.lowerCaseName(type) + " at " + address
                    + " needs " + type.registers() + " registers and runs past the last address (65535)");
        }
        return tag.build(v -> new ModbusTagConfig(v.get(TAG_NAME), table, address, type,
                order != null ? order : defaultOrder(type), v.get(SCALE), v.get(OFFSET), report(v)));
    }

    static Order defaultOrder(DataType type) {
        return type.registers() == 1 ? Order.AB : Order.ABCD;
    }

    private static ReportPolicy report(SectionValues tag) {
        return tag.section().declares(DEADBAND)
                ? new ReportPolicy(tag.find(DEADBAND), tag.find(MAX_AGE))
                : new ReportPolicy(Optional.empty(), tag.find(MAX_AGE));
    }

    /**
     * Binds every tag of a source, reporting duplicate names and entering each into the index.
     * Returns the tags that were read without problems.
     */
    private <T> List<T> tags(SectionValues source, Key<List<SectionValues>> key, Function<SectionValues, Optional<T>> bindTag) {
        String sourceName = source.get(NAME);
        Uniqueness<String> names = Uniqueness.named(ctx, "tag name",
                sourceName == null ? "" : " in source `" + sourceName + "`");
        List<T> bound = new ArrayList<>();
        for (SectionValues tag : source.find(key).orElse(List.of())) {
            if (names.add(tag, TAG_NAME) && sourceName != null) {
                tags.addSourceTag(new TagId(sourceName, tag.get(TAG_NAME)), tag.node(TAG_NAME));
            }
            bindTag.apply(tag).ifPresent(bound::add);
        }
        return bound;
    }
}
