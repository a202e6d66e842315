package io.outpost.store;

import io.outpost.value.Lane;
import java.util.ArrayList;
import java.util.List;

/** The records dropped in one commit, gathered into contiguous seq ranges per lane and reason. */
final class DropRanges {

    record Range(Lane lane, long firstSeq, long lastSeq, String reason) {
        long count() {
            return lastSeq - firstSeq + 1;
        }
    }

    private final List<Range> ranges = new ArrayList<>();

    void add(Lane lane, long seq, String reason) {
        for (int i = ranges.size() - 1; i >= 0; i--) {
            Range r = ranges.get(i);
            if (r.lane() == lane && r.reason().equals(reason)) {
                if (r.lastSeq() + 1 == seq) {
                    ranges.set(i, new Range(lane, r.firstSeq(), seq, reason));
                    return;
                }
                break;
            }
        }
        ranges.add(new Range(lane, seq, seq, reason));
    }

    List<Range> ranges() {
        return List.copyOf(ranges);
    }

    boolean isEmpty() {
        return ranges.isEmpty();
    }
}
