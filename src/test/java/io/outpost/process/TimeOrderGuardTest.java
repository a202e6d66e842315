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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TimeOrderGuardTest {

    private static final TagId A = TagId.parse("line/temperature");
    private static final TagId B = TagId.parse("press1/pressure");

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
        TimeOrderGuard guard = TimeOrderGuard.open(dataDir, out::add);
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
        TimeOrderGuard first = TimeOrderGuard.open(dataDir, s -> { });
        first.accept(sample(A, 5_000, 1));
        first.persist();

        TimeOrderGuard second = TimeOrderGuard.open(dataDir, out::add);
        second.accept(sample(A, 4_000, 2));
        second.accept(sample(B, 10, 3));
        assertEquals(List.of(5_001L), times(A));
        assertEquals(List.of(10L), times(B), "a tag never seen before starts where its source says");
        assertEquals(1, second.restamped());
    }

    @Test
    void aWriteTornByACrashLeavesTheTimesOfTheWriteBefore() throws Exception {
        TimeOrderGuard first = TimeOrderGuard.open(dataDir, s -> { });
        first.accept(sample(A, 5_000, 1));
        first.persist();
        first.accept(sample(A, 6_000, 2));
        first.persist();
        // The second write went to slot 0 (generations 1, 2 alternate slots 1, 0): tear it.
        Path newest = dataDir.resolve("tag-times.0");
        byte[] bytes = Files.readAllBytes(newest);
        Files.write(newest, Arrays.copyOf(bytes, bytes.length / 2));

        TimeOrderGuard second = TimeOrderGuard.open(dataDir, out::add);
        second.accept(sample(A, 4_000, 3));
        assertEquals(List.of(5_001L), times(A));
    }

    @Test
    void nothingIsWrittenWhenNoSampleWentOnSinceTheLastWrite() throws Exception {
        TimeOrderGuard guard = TimeOrderGuard.open(dataDir, s -> { });
        guard.accept(sample(A, 5_000, 1));
        guard.persist();
        Path written = dataDir.resolve("tag-times.1");
        String before = Files.readString(written);
        guard.persist();
        guard.persist();
        assertEquals(before, Files.readString(written));
        assertEquals(false, Files.exists(dataDir.resolve("tag-times.0")), "no second slot written");
    }
}
