package io.outpost.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.outpost.config.StoreConfig.OnFull;
import io.outpost.store.LaneStats;
import io.outpost.store.MapDbRecordStore;
import io.outpost.store.StoredRecord;
import io.outpost.testing.JsonRecords;
import io.outpost.value.Lane;
import java.nio.file.Path;
import java.util.List;

/**
 * For bench/faults/power-cut.sh: opens the store in DATA_DIR/queue as the daemon does (a damaged file
 * is moved aside and said so) and prints one line, {@code records=N last_seq=S first_seq=F
 * gap_free=true|false newest_sample_ts=MS recovered=none|PATH}: the telemetry lane's records, whether
 * their seqs run without a gap from the first to the last, and the newest sample time in them.
 *   PowerCutCheck DATA_DIR
 */
public final class PowerCutCheck {

    private PowerCutCheck() {
    }

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        try (MapDbRecordStore store = MapDbRecordStore.open(data.resolve("queue"), 256L << 20, OnFull.DROP_OLDEST,
                (lane, first, last, count, reason) -> { })) {
            LaneStats stats = store.stats(Lane.TELEMETRY);
            long expected = stats.firstSeq();
            boolean gapFree = true;
            long newest = 0;
            long count = 0;
            long after = 0;
            List<StoredRecord> batch;
            while (!(batch = store.read(Lane.TELEMETRY, after, 1_000)).isEmpty()) {
                for (StoredRecord record : batch) {
                    gapFree &= record.seq() == expected;
                    expected = record.seq() + 1;
                    count++;
                    for (JsonNode sample : JsonRecords.tree(record.payload()).get("samples")) {
                        newest = Math.max(newest, sample.get("ts").asLong());
                    }
                    after = record.seq();
                }
            }
            System.out.println("records=" + count + " last_seq=" + stats.lastSeq() + " first_seq=" + stats.firstSeq()
                    + " gap_free=" + gapFree + " newest_sample_ts=" + newest
                    + " recovered=" + store.recoveredFrom().map(Path::toString).orElse("none"));
        }
    }
}
