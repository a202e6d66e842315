package io.outpost.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.outpost.config.OutpostConfig;
import io.outpost.process.TimeOrderGuard;
import io.outpost.store.MapDbRecordStore;
import io.outpost.store.StoredRecord;
import io.outpost.testing.Await;
import io.outpost.testing.GatewayYaml;
import io.outpost.testing.JsonRecords;
import io.outpost.value.BuildInfo;
import io.outpost.value.Lane;
import io.outpost.value.TagId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The time marks ({@code data_dir/tag-times.*}) of a running gateway are written at most once a
 * second, and what they do not cover is read back from the queued records at the next start.
 */
class TimeMarksCoverTest {

    private static final String TAG = "sim/a";
    private static final String TICKS = """
            - name: sim
              type: simulator
              tags:
                - { name: a, signal: counter, interval: 10ms }
                - { name: b, signal: random-walk, interval: 10ms }
            """;

    @TempDir
    Path work;

    private OutpostConfig config(String encoding) {
        return GatewayYaml.of("marks-gw", work.resolve("data")).sources(TICKS).batch(5, "20ms")
                .encoding(encoding).parse(work.resolve("outpost.yaml"));
    }

    @Test
    void theMarksAreWrittenAtMostOnceASecondWhileRecordsAreStoredManyTimesASecond() throws Exception {
        OutpostConfig config = config("json");
        long started = System.nanoTime();
        long records;
        try (Gateway gateway = Gateway.start(config, BuildInfo.load(), System::currentTimeMillis)) {
            Thread.sleep(3_000);
            records = gateway.stats().lanes().get(Lane.TELEMETRY).lastSeq();
        }
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started) + 1;
        long writes = generation(work.resolve("data"));
        assertTrue(records >= 30, records + " records stored");
        // One write per second of running, plus the last one at the close.
        assertTrue(writes >= 2 && writes <= seconds + 1, writes + " writes of the marks for " + records
                + " records in about " + seconds + " s");
    }

    /**
     * Slot 0 of the marks is a directory: the first write (slot 1) succeeds, every later one fails,
     * the close's last write included, so the records stored after the first write are covered by no
     * marks on disk when the gateway starts again with its clock a minute behind.
     */
    @ParameterizedTest
    @ValueSource(strings = {"json", "compact"})
    void aTagWhoseNewestTimeIsOnlyInRecordsTheMarksDoNotCoverStaysInOrderAfterARestart(String encoding)
            throws Exception {
        Path data = work.resolve("data");
        Files.createDirectories(data.resolve("tag-times.0"));
        OutpostConfig config = config(encoding);
        try (Gateway gateway = Gateway.start(config, BuildInfo.load(), System::currentTimeMillis)) {
            Await.until("the first marks written", () -> Files.exists(data.resolve("tag-times.1")));
            Thread.sleep(1_500);
        }
        Files.delete(data.resolve("tag-times.0"));
        long mark = TimeOrderGuard.storedTimes(data).get(TagId.parse(TAG));
        long covered = TimeOrderGuard.storedCoveredSeq(data).getAsLong();
        List<JsonNode> firstRun = records(config, 0);
        long lastSeq = firstRun.get(firstRun.size() - 1).get("seq").asLong();
        long newest = newestOfTag(firstRun);
        assertTrue(newest > mark + 500 && lastSeq > covered, "records above covered seq " + covered + " (up to "
                + lastSeq + ") hold " + TAG + " up to " + newest + ", the marks only up to " + mark);
        assertEquals(newest, newestOfTag(firstRun.stream().filter(r -> r.get("seq").asLong() > covered).toList()));

        long restamped;
        try (Gateway gateway = Gateway.start(config, BuildInfo.load(), () -> System.currentTimeMillis() - 60_000)) {
            Await.until("a record of the second run stored", Duration.ofSeconds(30),
                    () -> gateway.stats().lanes().get(Lane.TELEMETRY).lastSeq() > lastSeq, gateway::stats);
            restamped = gateway.stats().samplesRestamped();
        }
        JsonNode first = samplesOfTag(records(config, lastSeq)).get(0);
        assertEquals(newest + 1, first.get("ts").asLong(),
                "the first sample after the restart follows the newest queued one, not the marks: " + first);
        assertTrue(restamped >= 1);
    }

    /** The highest generation written to either slot: the number of writes since the data dir was new. */
    private static long generation(Path data) throws Exception {
        long generation = 0;
        for (String slot : List.of("tag-times.0", "tag-times.1")) {
            Path file = data.resolve(slot);
            if (Files.isRegularFile(file)) {
                for (String line : Files.readAllLines(file)) {
                    if (line.startsWith("generation=")) {
                        generation = Math.max(generation, Long.parseLong(line.substring("generation=".length())));
                    }
                }
            }
        }
        return generation;
    }

    /** The telemetry records queued with a seq above {@code afterSeq}, as JSON trees whatever their encoding. */
    private static List<JsonNode> records(OutpostConfig config, long afterSeq) throws Exception {
        List<JsonNode> records = new ArrayList<>();
        try (MapDbRecordStore store = MapDbRecordStore.open(config.gateway().dataDir().resolve("queue"), config.store(),
                (lane, first, last, count, reason) -> { })) {
            long after = afterSeq;
            for (List<StoredRecord> page; !(page = store.read(Lane.TELEMETRY, after, 100)).isEmpty(); ) {
                for (StoredRecord record : page) {
                    records.add(JsonRecords.tree(record.payload()));
                    after = record.seq();
                }
            }
        }
        return records;
    }

    private static List<JsonNode> samplesOfTag(List<JsonNode> records) {
        List<JsonNode> samples = new ArrayList<>();
        records.forEach(r -> r.get("samples").forEach(s -> {
            if (s.get("t").asText().equals(TAG)) {
                samples.add(s);
            }
        }));
        return samples;
    }

    private static long newestOfTag(List<JsonNode> records) {
        return samplesOfTag(records).stream().mapToLong(s -> s.get("ts").asLong()).max().orElse(Long.MIN_VALUE);
    }
}
