package io.outpost.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.value.Quality;
import io.outpost.value.Sample;
import io.outpost.value.TagId;
import io.outpost.value.Value;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.function.LongFunction;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TimeOrderGuardTest {

    private static final TagId A = TagId.parse("line/temperature");
    private static final TagId B = TagId.parse("press1/pressure");
    private static final Set<TagId> CONFIGURED = Set.of(A, B);
    /** The gateway's clock in these tests: well after every sample's ts. */
    /** A set clock (after TimeOrderGuard.CLOCK_SET_FLOOR_MILLIS): only a set clock is checked against. */
    private static final long NOW = 1_763_769_600_000L;
    /** A guard with no store behind it: no record holds a time the marks lack. */
    private static final LongFunction<Map<TagId, Long>> NO_RECORDS = seq -> Map.of();

    @TempDir
    Path dataDir;

    private final List<Sample> out = new ArrayList<>();

    private static Sample sample(TagId tag, long ts, double v) {
        return new Sample(tag, ts, Value.of(v), Quality.GOOD);
    }

    private List<Long> times(TagId tag) {
        return out.stream().filter(s -> s.tag().equals(tag)).map(Sample::tsMillis).toList();
    }

    @Test
    void aSampleNotAfterTheLastOfItsTagIsKeptOneMillisecondLaterAndCounted() {
        TimeOrderGuard guard = TimeOrderGuard.open(dataDir, CONFIGURED, NO_RECORDS, () -> NOW, out::add);
        guard.accept(sample(A, 1_000, 1));
        guard.accept(sample(A, 1_000, 2));
        guard.accept(sample(A, 400, 3));
        guard.accept(sample(B, 500, 9));
        guard.accept(sample(A, 2_000, 4));
        assertEquals(List.of(1_000L, 1_001L, 1_002L, 2_000L), times(A));
        assertEquals(List.of(500L), times(B), "each tag has its own order");
        assertEquals(List.of(1.0, 2.0, 3.0, 4.0), out.stream().filter(s -> s.tag().equals(A))
                .map(s -> s.value().asDouble()).toList(), "values and their order are untouched");
        assertEquals(2, guard.restamped());
    }

    @Test
    void theLastTimesSurviveARestartOverTheSameDataDir() {
        TimeOrderGuard first = TimeOrderGuard.open(dataDir, CONFIGURED, NO_RECORDS, () -> NOW, s -> { });
        first.accept(sample(A, 5_000, 1));
        first.persist(1);

        TimeOrderGuard second = TimeOrderGuard.open(dataDir, CONFIGURED, NO_RECORDS, () -> NOW, out::add);
        second.accept(sample(A, 4_000, 2));
        second.accept(sample(B, 10, 3));
        assertEquals(List.of(5_001L), times(A));
        assertEquals(List.of(10L), times(B), "a tag never seen before starts where its source says");
        assertEquals(1, second.restamped());
    }

    @Test
    void aWriteTornByACrashLeavesTheTimesOfTheWriteBefore() throws Exception {
        TimeOrderGuard first = TimeOrderGuard.open(dataDir, CONFIGURED, NO_RECORDS, () -> NOW, s -> { });
        first.accept(sample(A, 5_000, 1));
        first.persist(2);
        first.accept(sample(A, 6_000, 2));
        first.persist(3);
        // The second write went to slot 0 (generations 1, 2 alternate slots 1, 0): tear it.
        Path newest = dataDir.resolve("tag-times.0");
        byte[] bytes = Files.readAllBytes(newest);
        Files.write(newest, Arrays.copyOf(bytes, bytes.length / 2));

        TimeOrderGuard second = TimeOrderGuard.open(dataDir, CONFIGURED, NO_RECORDS, () -> NOW, out::add);
        second.accept(sample(A, 4_000, 3));
        assertEquals(List.of(5_001L), times(A));
    }

    @Test
    void nothingIsWrittenWhenNoSampleWentOnSinceTheLastWrite() throws Exception {
        TimeOrderGuard guard = TimeOrderGuard.open(dataDir, CONFIGURED, NO_RECORDS, () -> NOW, s -> { });
        guard.accept(sample(A, 5_000, 1));
        guard.persist(4);
        Path written = dataDir.resolve("tag-times.1");
        String before = Files.readString(written);
        guard.persist(5);
        guard.persist(6);
        assertEquals(before, Files.readString(written));
        assertEquals(false, Files.exists(dataDir.resolve("tag-times.0")), "no second slot written");
    }

    @Test
    void aTimestampFarAheadOfTheGatewayClockIsRestampedToItSoItCannotHoldTheTagBack() {
        TimeOrderGuard guard = TimeOrderGuard.open(dataDir, CONFIGURED, NO_RECORDS, () -> NOW, out::add);
        guard.accept(sample(A, NOW + TimeOrderGuard.MAX_AHEAD_MILLIS + 1, 1));
        guard.accept(sample(A, NOW + 10, 2));
        guard.accept(sample(A, NOW + TimeOrderGuard.MAX_AHEAD_MILLIS, 3));
        assertEquals(List.of(NOW, NOW + 10, NOW + TimeOrderGuard.MAX_AHEAD_MILLIS), times(A),
                "the next sample in time keeps its own ts; one just within the bound is believed");
        assertEquals(1, guard.restamped());
    }

    @Test
    void tagsNoLongerInTheConfigAreForgottenAtOpen() throws Exception {
        TimeOrderGuard first = TimeOrderGuard.open(dataDir, CONFIGURED, NO_RECORDS, () -> NOW, s -> { });
        first.accept(sample(A, 5_000, 1));
        first.accept(sample(B, 5_000, 1));
        first.persist(7);

        TimeOrderGuard second = TimeOrderGuard.open(dataDir, Set.of(A), NO_RECORDS, () -> NOW, out::add);
        second.accept(sample(A, 6_000, 2));
        second.persist(8);
        TimeOrderGuard third = TimeOrderGuard.open(dataDir, CONFIGURED, NO_RECORDS, () -> NOW, out::add);
        third.accept(sample(B, 10, 3));
        assertEquals(List.of(10L), times(B), "B's old time was not carried by the config without B");
    }

    @Test
    void aStartTakesTheLaterOfTheMarksAndTheStoredRecordsAboveTheSeqTheyCover() {
        TimeOrderGuard first = TimeOrderGuard.open(dataDir, CONFIGURED, NO_RECORDS, () -> NOW, s -> { });
        first.accept(sample(A, 5_000, 1));
        first.accept(sample(B, 5_000, 1));
        assertTrue(first.persist(7));
        assertEquals(OptionalLong.of(7), TimeOrderGuard.storedCoveredSeq(dataDir));

        List<Long> asked = new ArrayList<>();
        TimeOrderGuard second = TimeOrderGuard.open(dataDir, CONFIGURED, seq -> {
            asked.add(seq);
            return Map.of(A, 6_000L, B, 4_000L);
        }, () -> NOW, out::add);
        second.accept(sample(A, 5_500, 2));
        second.accept(sample(B, 4_500, 2));
        assertEquals(List.of(7L), asked, "only the records above the covered seq are asked for");
        assertEquals(List.of(6_001L), times(A), "a record newer than the marks holds the tag back");
        assertEquals(List.of(5_001L), times(B), "an older record does not take the marks back");
    }

    @Test
    void aFileFromBeforeCoveredSeqsIsStillReadAndEveryStoredRecordCounts() throws Exception {
        // The format as written before the covered seq was kept: header, generation, tags, checksum.
        String body = "# Outpost: newest sample time per tag handed to the store. Do not edit.\n"
                + "generation=3\n" + A + "=5000\n";
        CRC32C crc = new CRC32C();
        crc.update(body.getBytes(StandardCharsets.UTF_8));
        Files.writeString(dataDir.resolve("tag-times.1"),
                body + "crc32c=" + HexFormat.of().toHexDigits((int) crc.getValue()) + "\n");

        List<Long> asked = new ArrayList<>();
        TimeOrderGuard guard = TimeOrderGuard.open(dataDir, CONFIGURED, seq -> {
            asked.add(seq);
            return Map.of(B, 9_000L);
        }, () -> NOW, out::add);
        guard.accept(sample(A, 4_000, 1));
        guard.accept(sample(B, 8_000, 1));
        assertEquals(List.of(0L), asked, "a file that names no covered seq covers no record known by seq");
        assertEquals(List.of(5_001L), times(A));
        assertEquals(List.of(9_001L), times(B));

        guard.persist(12);
        assertEquals(OptionalLong.of(12), TimeOrderGuard.storedCoveredSeq(dataDir), "written anew in the new format");
        assertEquals(Map.of(A, 5_001L, B, 9_001L), TimeOrderGuard.storedTimes(dataDir));
    }

    @Test
    void withoutAnIntactFileNoRecordIsReadAndTheGuardStartsEmptyAsBefore() throws Exception {
        List<Long> asked = new ArrayList<>();
        LongFunction<Map<TagId, Long>> records = seq -> {
            asked.add(seq);
            return Map.of(A, 9_000L);
        };
        TimeOrderGuard.open(dataDir, CONFIGURED, records, () -> NOW, s -> { }).accept(sample(A, 1, 1));
        assertEquals(List.of(), asked, "no file: nothing to start from");

        TimeOrderGuard writer = TimeOrderGuard.open(dataDir, CONFIGURED, NO_RECORDS, () -> NOW, s -> { });
        writer.accept(sample(A, 5_000, 1));
        writer.persist(1);
        writer.accept(sample(A, 6_000, 1));
        writer.persist(2);
        for (String slot : List.of("tag-times.0", "tag-times.1")) {
            Path file = dataDir.resolve(slot);
            Files.writeString(file, Files.readString(file).replace("5000", "5001").replace("6000", "6001"));
        }
        TimeOrderGuard guard = TimeOrderGuard.open(dataDir, CONFIGURED, records, () -> NOW, out::add);
        guard.accept(sample(A, 10, 2));
        assertEquals(List.of(), asked, "both slots damaged: nothing to start from");
        assertEquals(List.of(10L), times(A));
    }

    @Test
    void aWriteThatFailsSaysSoAndTheNextOneWritesAgain() throws Exception {
        TimeOrderGuard guard = TimeOrderGuard.open(dataDir, CONFIGURED, NO_RECORDS, () -> NOW, s -> { });
        guard.accept(sample(A, 5_000, 1));
        assertTrue(guard.persist(1), "generation 1 goes to slot 1");
        // Slot 0 a directory: the next write cannot open it, whoever runs the test (root included).
        Files.createDirectory(dataDir.resolve("tag-times.0"));
        guard.accept(sample(A, 6_000, 2));
        assertFalse(guard.persist(2));
        assertEquals(OptionalLong.of(1), TimeOrderGuard.storedCoveredSeq(dataDir));
        Files.delete(dataDir.resolve("tag-times.0"));
        assertTrue(guard.persist(3));
        assertEquals(OptionalLong.of(3), TimeOrderGuard.storedCoveredSeq(dataDir));
        assertEquals(Map.of(A, 6_000L), TimeOrderGuard.storedTimes(dataDir));
    }

    @Test
    void twoThreadsFeedingOneTagNeverOvertakeEachOtherBetweenTheCheckAndTheHandOn() throws Exception {
        List<Long> handedOn = new ArrayList<>();
        // The sink is called under the guard's lock when the fix holds; the list's own lock keeps the
        // test itself free of races either way.
        TimeOrderGuard guard = TimeOrderGuard.open(dataDir, CONFIGURED, NO_RECORDS, () -> NOW, s -> {
            synchronized (handedOn) {
                handedOn.add(s.tsMillis());
            }
        });
        int perThread = 100_000;
        CountDownLatch go = new CountDownLatch(1);
        Runnable feed = () -> {
            try {
                go.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            for (int i = 0; i < perThread; i++) {
                guard.accept(sample(A, 1, i));
            }
        };
        Thread a = new Thread(feed, "feed-a");
        Thread b = new Thread(feed, "feed-b");
        a.start();
        b.start();
        go.countDown();
        a.join();
        b.join();
        assertEquals(2 * perThread, handedOn.size());
        for (int i = 1; i < handedOn.size(); i++) {
            if (handedOn.get(i) <= handedOn.get(i - 1)) {
                throw new AssertionError("sample " + i + " left with ts " + handedOn.get(i) + " after "
                        + handedOn.get(i - 1));
            }
        }
    }
}
