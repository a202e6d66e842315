package io.outpost.source.modbus;

import io.outpost.source.modbus.ModbusTagConfig.Table;
import java.util.List;

/**
 * One read request: {@code count} registers (or bits) of {@code table} from {@code start}, and the
 * tags whose values lie inside it.
 */
public record ReadBlock(Table table, int start, int count, List<ModbusTagConfig> tags) {

    public ReadBlock {
        tags = List.copyOf(tags);
    }

    /** One past the last address read. */
    public int end() {
        return start + count;
    }
}
