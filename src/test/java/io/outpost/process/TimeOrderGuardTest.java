package io.outpost.process;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.outpost.value.Quality;
import io.outpost.value.Sample;
import io.outpost.value.TagId;
import io.outpost.value.Value;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TimeOrderGuardTest {

    private static final TagId A = TagId.parse("line/temperature");
    private static final TagId B = TagId.parse("press1/pressure");
    private static final Set<TagId> CONFIGURED = Set.of(A, B);
    /** The gateway's clock in these tests: well after every sample's ts. */
    private static final long NOW = 1_000_000;

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
        TimeOrderGuard guard = TimeOrderGuard.open(dataDir, CONFIGURED, () -> NOW, out::add);
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
        TimeOrderGuard first = TimeOrderGuard.open(dataDir, CONFIGURED, () -> NOW, s -> { });
        first.accept(sample(A, 5_000, 1));
        first.persist();

        TimeOrderGuard second = TimeOrderGuard.open(dataDir, CONFIGURED, () -> NOW, out::add);
        second.accept(sample(A, 4_000, 2));
        second.accept(sample(B, 10, 3));
        assertEquals(List.of(5_001L), times(A));
        assertEquals(List.of(10L), times(B), "a tag never seen before starts where its source says");
        assertEquals(1, second.restamped());
    }

    @Test
    void aWriteTornByACrashLeavesTheTimesOfTheWriteBefore() throws Exception {
        TimeOrderGuard first = TimeOrderGuard.open(dataDir, CONFIGURED, () -> NOW, s -> { });
        first.accept(sample(A, 5_000, 1));
        first.persist();
        first.accept(sample(A, 6_000, 2));
        first.persist();
        // The second write went to slot 0 (generations 1, 2 alternate slots 1, 0): tear it.
        Path newest = dataDir.resolve("tag-times.0");
        byte[] bytes = Files.readAllBytes(newest);
        Files.write(newest, Arrays.copyOf(bytes, bytes.length / 2));

        TimeOrderGuard second = TimeOrderGuard.open(dataDir, CONFIGURED, () -> NOW, out::add);
        second.accept(sample(A, 4_000, 3));
        assertEquals(List.of(5_001L), times(A));
    }

    @Test
    void nothingIsWrittenWhenNoSampleWentOnSinceTheLastWrite() throws Exception {
        TimeOrderGuard guard = TimeOrderGuard.open(dataDir, CONFIGURED, () -> NOW, s -> { });
        guard.accept(sample(A, 5_000, 1));
        guard.persist();
        Path written = dataDir.resolve("tag-times.1");
        String before = Files.readString(written);
        guard.persist();
        guard.persist();
        assertEquals(before, Files.readString(written));
        assertEquals(false, Files.exists(dataDir.resolve("tag-times.0")), "no second slot written");
    }

    @Test
    void aTimestampFarAheadOfTheGatewayClockIsRestampedToItSoItCannotHoldTheTagBack() {
        TimeOrderGuard guard = TimeOrderGuard.open(dataDir, CONFIGURED, () -> NOW, out::add);
        guard.accept(sample(A, NOW + TimeOrderGuard.MAX_AHEAD_MILLIS + 1, 1));
        guard.accept(sample(A, NOW + 10, 2));
        guard.accept(sample(A, NOW + TimeOrderGuard.MAX_AHEAD_MILLIS, 3));
        assertEquals(List.of(NOW, NOW + 10, NOW + TimeOrderGuard.MAX_AHEAD_MILLIS), times(A),
                "the next sample in time keeps its own ts; one just within the bound is believed");
        assertEquals(1, guard.restamped());
    }

    @Test
    void tagsNoLongerInTheConfigAreForgottenAtOpen() throws Exception {
        TimeOrderGuard first = TimeOrderGuard.open(dataDir, CONFIGURED, () -> NOW, s -> { });
        first.accept(sample(A, 5_000, 1));
        first.accept(sample(B, 5_000, 1));
        first.persist();

        TimeOrderGuard second = TimeOrderGuard.open(dataDir, Set.of(A), () -> NOW, out::add);
        second.accept(sample(A, 6_000, 2));
        second.persist();
        TimeOrderGuard third = TimeOrderGuard.open(dataDir, CONFIGURED, () -> NOW, out::add);
        third.accept(sample(B, 10, 3));
        assertEquals(List.of(10L), times(B), "B's old time was not carried by the config without B");
    }

    @Test
    void twoThreadsFeedingOneTagNeverOvertakeEachOtherBetweenTheCheckAndTheHandOn() throws Exception {
        List<Long> handedOn = new ArrayList<>();
        // The sink is called under the guard's lock when the fix holds; the list's own lock keeps the
        // test itself free of races either way.
        TimeOrderGuard guard = TimeOrderGuard.open(dataDir, CONFIGURED, () -> NOW, s -> {
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
