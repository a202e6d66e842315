package io.outpost.manage;

import io.outpost.store.LaneStats;
import io.outpost.value.Lane;
import java.util.LinkedHashMap;
import java.util.Map;

/** The queue per lane as {@code status} and {@code queue-stats} both report it, in drain order. */
final class LaneReport {

    private LaneReport() {
    }

    static Map<String, Object> lanes(GatewayStats stats) {
        Map<String, Object> lanes = new LinkedHashMap<>();
        stats.lanes().forEach((lane, ls) -> lanes.put(lane.wireName(), lane(ls, stats.oldestAgeMillis().get(lane))));
        return lanes;
    }

    private static Map<String, Object> lane(LaneStats lane, Long oldestAgeMillis) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("depth", lane.depth());
        out.put("bytes", lane.bytes());
        out.put("first_seq", lane.firstSeq());
        out.put("last_seq", lane.lastSeq());
        out.put("dropped", lane.droppedRecords());
        out.put("oldest_age_ms", oldestAgeMillis);
        return out;
    }

    /** {@code telemetry}, {@code events}, {@code alarms}; anything else is refused naming them. */
    static Lane named(Object name) throws CommandRefusedException {
        for (Lane lane : Lane.values()) {
            if (lane.wireName().equals(name)) {
                return lane;
            }
        }
        StringBuilder names = new StringBuilder();
        for (Lane lane : Lane.values()) {
            names.append(names.length() == 0 ? "" : ", ").append(lane.wireName());
        }
        throw new CommandRefusedException(name == null ? "missing field \"lane\"; the lanes are " + names
                : "\"lane\" must be one of " + names);
    }
}
