package io.outpost.source.modbus;

import static io.outpost.config.Checks.nonZero;
import static io.outpost.config.Checks.range;

import io.outpost.config.Field;
import io.outpost.config.Key;
import io.outpost.config.ReadContext;
import io.outpost.config.Rule;
import io.outpost.config.Schema;
import io.outpost.config.SectionValues;
import io.outpost.config.TagKeys;
import io.outpost.config.TagSchema;
import io.outpost.config.ValueTypes;
import io.outpost.source.modbus.ModbusTagConfig.DataType;
import io.outpost.source.modbus.ModbusTagConfig.Order;
import io.outpost.source.modbus.ModbusTagConfig.Table;
import java.util.List;

/** The keys of a Modbus tag (modbus-tcp and modbus-rtu alike) and the rules across them. */
final class ModbusTagSchema {

    static final Key<Table> TABLE = Key.withDefault("table", ValueTypes.oneOf(Table.class), Table.HOLDING,
            "which Modbus table the value is in");
    static final Key<Integer> ADDRESS = Key.required("address", ValueTypes.WHOLE_NUMBER,
            "zero-based address of the (first) register or bit").check(range(0, 65535));
    static final Key<DataType> DATA_TYPE = Key.required("type", ValueTypes.oneOf(DataType.class),
            "how the registers are decoded; `bool` for coils and discrete inputs");
    static final Key<Order> ORDER = Key.optional("order", ValueTypes.oneOf(Order.class, Order::name),
            "byte order, A most significant: 16-bit types `AB` or `BA`, 32/64-bit types `ABCD`, `CDAB`, `BADC` or `DCBA`")
            .defaultNote("`ABCD`; `AB` for 16-bit types");
    static final Key<Double> SCALE = Key.withDefault("scale", ValueTypes.NUMBER, 1.0,
            "value = raw × scale + offset").check(nonZero());
    static final Key<Double> OFFSET = Key.withDefault("offset", ValueTypes.NUMBER, 0.0,
            "value = raw × scale + offset");

    static final TagSchema<ModbusTagConfig> TAG = new TagSchema<>(ModbusTagConfig.class,
            TagSchema.<ModbusTagConfig>declare("A value read from a Modbus device.", "modbus-tcp, modbus-rtu")
                    .fields(Field.of(TABLE, ModbusTagConfig::table), Field.of(ADDRESS, ModbusTagConfig::address),
                            Field.of(DATA_TYPE, ModbusTagConfig::dataType), Field.of(ORDER, ModbusTagConfig::order),
                            Field.of(SCALE, ModbusTagConfig::scale), Field.of(OFFSET, ModbusTagConfig::offset),
                            TagKeys.deadband(), TagKeys.maxAge())
                    .rule(Rule.of("`coil` and `discrete` tables hold single bits: their tags are `bool`, and `bool` tags "
                            + "read only those tables.", ModbusTagSchema::tableHoldsType))
                    .rule(Rule.stated("`order`, `scale`, `offset` and `deadband` do not apply to `bool` tags.",
                            Rule.notApplicable(DATA_TYPE, type -> type == DataType.BOOL, "does not apply to `bool` tags",
                                    List.of(ORDER, SCALE, OFFSET, TagKeys.DEADBAND))))
                    // stated in the doc of `order`
                    .rule(Rule.of("", ModbusTagSchema::orderFitsWidth))
                    .rule(Rule.of("A value must fit below register 65535: `address` + its width in registers − 1 ≤ 65535.",
                            ModbusTagSchema::fitsBelowLastAddress))
                    .build(),
            ModbusTagSchema::tag);

    private ModbusTagSchema() {
    }

    private static ModbusTagConfig tag(SectionValues v) {
        DataType type = v.get(DATA_TYPE);
        return new ModbusTagConfig(v.get(TagKeys.NAME), v.get(TABLE), v.get(ADDRESS), type,
                v.find(ORDER).orElse(defaultOrder(type)), v.get(SCALE), v.get(OFFSET), TagKeys.report(v));
    }

    static Order defaultOrder(DataType type) {
        return type.registers() == 1 ? Order.AB : Order.ABCD;
    }

    private static void tableHoldsType(SectionValues tag, ReadContext ctx) {
        Table table = tag.get(TABLE);
        DataType type = tag.get(DATA_TYPE);
        if (table == null || type == null) {
            return;
        }
        if (table.holdsBits() && type != DataType.BOOL) {
            ctx.problem(tag.node(DATA_TYPE), tag.path(DATA_TYPE), "must be `bool`: the "
                    + ValueTypes.lowerCaseName(table) + " table holds single bits");
        } else if (!table.holdsBits() && type == DataType.BOOL) {
            ctx.problem(tag.node(DATA_TYPE), tag.path(DATA_TYPE), "`bool` reads the coil or discrete table, not "
                    + ValueTypes.lowerCaseName(table) + " registers");
        }
    }

    private static void orderFitsWidth(SectionValues tag, ReadContext ctx) {
        DataType type = tag.get(DATA_TYPE);
        Order order = tag.get(ORDER);
        if (type != null && type != DataType.BOOL && order != null && type.sixteenBit() != order.sixteenBit()) {
            ctx.problem(tag.node(ORDER), tag.path(ORDER), type.sixteenBit()
                    ? "16-bit types take AB or BA, not " + order
                    : "32- and 64-bit types take ABCD, CDAB, BADC or DCBA, not " + order);
        }
    }

    private static void fitsBelowLastAddress(SectionValues tag, ReadContext ctx) {
        DataType type = tag.get(DATA_TYPE);
        Integer address = tag.get(ADDRESS);
        if (type != null && address != null && address + type.registers() - 1 > 65535) {
            ctx.problem(tag.node(ADDRESS), tag.path(ADDRESS), ValueTypes.lowerCaseName(type) + " at " + address
                    + " needs " + type.registers() + " registers and runs past the last address (65535)");
        }
    }
}
