package io.outpost.source.modbus;

import io.outpost.source.modbus.ModbusTagConfig.Table;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Coalesces the tags of one device into as few reads as the protocol allows: per table, tags sorted
 * by address, merged while the gap between them is at most {@code maxGap} and the block stays within
 * 125 registers (2000 bits for coils and discrete inputs). Planned once when the config loads.
 */
public final class RequestPlanner {

    /** Most registers one read-holding/input-registers request may ask for. */
    public static final int MAX_REGISTERS = 125;
    /** Most bits one read-coils/discrete-inputs request may ask for. */
    public static final int MAX_BITS = 2000;

    private RequestPlanner() {
    }

    public static List<ReadBlock> plan(List<ModbusTagConfig> tags, int maxGap) {
        Map<Table, List<ModbusTagConfig>> byTable = new EnumMap<>(Table.class);
        for (ModbusTagConfig tag : tags) {
            byTable.computeIfAbsent(tag.table(), t -> new ArrayList<>()).add(tag);
        }
        List<ReadBlock> blocks = new ArrayList<>();
        byTable.forEach((table, inTable) -> blocks.addAll(planTable(table, inTable, maxGap)));
        return List.copyOf(blocks);
    }

    /**
     * The fallback for a block the device refused as a whole ("illegal data address"): one read per
     * tag, so a hole in the device's map costs only the tags that point into it.
     */
    public static List<ReadBlock> perTag(ReadBlock refused) {
        List<ReadBlock> single = new ArrayList<>();
        for (ModbusTagConfig tag : refused.tags()) {
            single.add(new ReadBlock(tag.table(), tag.address(), width(tag), List.of(tag)));
        }
        return single;
    }

    private static List<ReadBlock> planTable(Table table, List<ModbusTagConfig> tags, int maxGap) {
        List<ModbusTagConfig> sorted = new ArrayList<>(tags);
        sorted.sort(Comparator.comparingInt(ModbusTagConfig::address).thenComparingInt(RequestPlanner::width));
        int limit = table.holdsBits() ? MAX_BITS : MAX_REGISTERS;
        List<ReadBlock> blocks = new ArrayList<>();
        List<ModbusTagConfig> current = new ArrayList<>();
        int start = 0;
        int end = 0;
        for (ModbusTagConfig tag : sorted) {
            int tagEnd = tag.address() + width(tag);
            boolean fits = !current.isEmpty() && tag.address() - end <= maxGap
                    && Math.max(end, tagEnd) - start <= limit;
            if (!fits && !current.isEmpty()) {
                blocks.add(new ReadBlock(table, start, end - start, current));
                current = new ArrayList<>();
            }
            if (current.isEmpty()) {
                start = tag.address();
                end = tagEnd;
            }
            current.add(tag);
            end = Math.max(end, tagEnd);
        }
        if (!current.isEmpty()) {
            blocks.add(new ReadBlock(table, start, end - start, current));
        }
        return blocks;
    }

    /** Registers (or bits) the tag occupies. */
    static int width(ModbusTagConfig tag) {
        return tag.table().holdsBits() ? 1 : tag.dataType().registers();
    }
}
