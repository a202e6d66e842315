package io.outpost.source.modbus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.source.modbus.ModbusTagConfig.DataType;
import io.outpost.source.modbus.ModbusTagConfig.Order;
import io.outpost.source.modbus.ModbusTagConfig.Table;
import io.outpost.config.ReportPolicy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestPlannerTest {

    @Test
    void thousandContiguousHoldingRegistersTakeEightRequests() {
        List<ModbusTagConfig> tags = new ArrayList<>();
        for (int a = 0; a < 1000; a++) {
            tags.add(tag("r" + a, Table.HOLDING, a, DataType.UINT16));
        }
        List<ReadBlock> plan = RequestPlanner.plan(tags, 10);
        assertEquals(8, plan.size());
        assertTrue(plan.stream().allMatch(b -> b.count() <= RequestPlanner.MAX_REGISTERS));
        assertEquals(1000, plan.stream().mapToInt(b -> b.tags().size()).sum());
        assertEquals(List.of(0, 125, 250, 375, 500, 625, 750, 875), plan.stream().map(ReadBlock::start).toList());
    }

    @Test
    void mergesAcrossGapsUpToMaxGapAndSplitsBeyondIt() {
        List<ReadBlock> plan = RequestPlanner.plan(List.of(
                tag("a", Table.HOLDING, 0, DataType.UINT16),
                tag("b", Table.HOLDING, 11, DataType.FLOAT32),   // gap of 10 after a: merged
                tag("c", Table.HOLDING, 24, DataType.INT16),     // gap of 11 after b: new block
                tag("d", Table.HOLDING, 500, DataType.FLOAT64)), 10);
        assertEquals(List.of(block(0, 13), block(24, 1), block(500, 4)), shapes(plan));
        assertEquals(List.of("a", "b"), plan.get(0).tags().stream().map(ModbusTagConfig::name).toList());
    }

    @Test
    void zeroGapMergesOnlyAdjacentTags() {
        List<ReadBlock> plan = RequestPlanner.plan(List.of(
                tag("a", Table.HOLDING, 0, DataType.INT32),
                tag("b", Table.HOLDING, 2, DataType.INT32),
                tag("c", Table.HOLDING, 5, DataType.INT16)), 0);
        assertEquals(List.of(block(0, 4), block(5, 1)), shapes(plan));
    }

    @Test
    void aValueIsNeverCutAtTheRequestLimit() {
        List<ModbusTagConfig> tags = new ArrayList<>();
        for (int a = 0; a < 124; a++) {
            tags.add(tag("r" + a, Table.INPUT, a, DataType.UINT16));
        }
        tags.add(tag("wide", Table.INPUT, 124, DataType.FLOAT64));
        List<ReadBlock> plan = RequestPlanner.plan(tags, 10);
        assertEquals(List.of(block(0, 124), block(124, 4)), shapes(plan));
    }

    @Test
    void tablesArePlannedApartAndBitsTakeTwoThousandPerRequest() {
        List<ModbusTagConfig> tags = new ArrayList<>();
        for (int a = 0; a < 2500; a++) {
            tags.add(tag("c" + a, Table.COIL, a, DataType.BOOL));
        }
        tags.add(tag("d", Table.DISCRETE, 0, DataType.BOOL));
        tags.add(tag("h", Table.HOLDING, 0, DataType.UINT16));
        List<ReadBlock> plan = RequestPlanner.plan(tags, 10);
        assertEquals(4, plan.size());
        assertEquals(List.of(Table.HOLDING, Table.COIL, Table.COIL, Table.DISCRETE),
                plan.stream().map(ReadBlock::table).toList());
        assertEquals(2000, plan.get(1).count());
        assertEquals(500, plan.get(2).count());
    }

    @Test
    void overlappingTagsShareTheirRegisters() {
        List<ReadBlock> plan = RequestPlanner.plan(List.of(
                tag("whole", Table.HOLDING, 10, DataType.UINT32),
                tag("high", Table.HOLDING, 10, DataType.UINT16),
                tag("low", Table.HOLDING, 11, DataType.UINT16)), 0);
        assertEquals(List.of(block(10, 2)), shapes(plan));
        assertEquals(3, plan.get(0).tags().size());
    }

    @Test
    void aRefusedBlockFallsBackToOneReadPerTag() {
        ReadBlock merged = RequestPlanner.plan(List.of(
                tag("a", Table.HOLDING, 0, DataType.UINT16),
                tag("b", Table.HOLDING, 5, DataType.FLOAT32)), 10).get(0);
        assertEquals(List.of(block(0, 1), block(5, 2)), shapes(RequestPlanner.perTag(merged)));
    }

    private static List<List<Integer>> shapes(List<ReadBlock> plan) {
        return plan.stream().map(b -> block(b.start(), b.count())).toList();
    }

    private static List<Integer> block(int start, int count) {
        return List.of(start, count);
    }

    static ModbusTagConfig tag(String name, Table table, int address, DataType type) {
        Order order = type.registers() == 1 ? Order.AB : Order.ABCD;
        return new ModbusTagConfig(name, table, address, type, order, 1.0, 0.0, ReportPolicy.EVERY_CHANGE);
    }
}
