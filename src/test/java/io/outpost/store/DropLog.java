package io.outpost.store;

import io.outpost.value.Lane;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A drop listener that remembers every report, for assertions. */
final class DropLog implements DropListener {

    record Drop(Lane lane, long firstSeq, long lastSeq, long count, String reason) {
    }

    private final List<Drop> drops = new CopyOnWriteArrayList<>();

    @Override
    public void dropped(Lane lane, long firstSeq, long lastSeq, long count, String reason) {
        drops.add(new Drop(lane, firstSeq, lastSeq, count, reason));
    }

    List<Drop> drops() {
        return List.copyOf(drops);
    }

    long total(Lane lane) {
        return drops.stream().filter(d -> d.lane() == lane).mapToLong(Drop::count).sum();
    }
}
