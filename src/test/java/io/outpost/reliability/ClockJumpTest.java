package io.outpost.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.outpost.config.OutpostConfig;
import io.outpost.config.ReportPolicy;
import io.outpost.demo.EmbeddedBroker;
import io.outpost.gateway.Gateway;
import io.outpost.process.ExceptionFilter;
import io.outpost.process.TimeOrderGuard;
import io.outpost.testing.Await;
import io.outpost.testing.CloudConsumer;
import io.outpost.testing.GatewayYaml;
import io.outpost.testing.JsonRecords;
import io.outpost.value.BuildInfo;
import io.outpost.value.Quality;
import io.outpost.value.Sample;
import io.outpost.value.TagId;
import io.outpost.value.Value;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenario 8, clock jumps, on an injected wall clock: a board without a real-time clock that boots at
 * 1970 before NTP answers, then the clock set, stepped back an hour and forward two. Every tag's
 * samples stay in time order, none is dropped, the ones stamped before the clock was set are marked
 * {@code uncertain}; {@code max_age} goes on the monotonic clock, so a clock set back does not silence
 * a tag.
 */
class ClockJumpTest {

    private static final String PREFIX = "outpost/clock-gw";
    private static final String TAG = "sim/counter";
    private static final long HOUR = Duration.ofHours(1).toMillis();

    @TempDir
    Path work;

    @Test
    void aBoardBootingAt1970ThenSetByNtpThenSteppedBackAndForthKeepsOrderDropsNothingAndMarksTheUnsetSamples() throws Exception {
        // 30 s after the epoch now, running at the real pace: uptime on a board that has no idea of the date.
        AtomicLong shift = new AtomicLong(30_000 - System.currentTimeMillis());
        try (EmbeddedBroker broker = new EmbeddedBroker(work.resolve("broker"), 0)) {
            broker.start();
            OutpostConfig config = GatewayYaml.of("clock-gw", work.resolve("data")).sources(GatewayYaml.SIM_COUNTER)
                    .uplink(broker.url()).batch(20, "100ms").backoff("100ms", "500ms").parse(work.resolve("outpost.yaml"));
            try (CloudConsumer cloud = new CloudConsumer(broker.url(), PREFIX);
                    Gateway gateway = Gateway.start(config, BuildInfo.load(), () -> System.currentTimeMillis() + shift.get())) {
                awaitSamples(cloud, 5);
                int beforeNtp = samples(cloud).size();
                shift.set(0);
                awaitSamples(cloud, beforeNtp + 5);
                shift.set(-HOUR);
                awaitSamples(cloud, samples(cloud).size() + 5);
                shift.set(+HOUR);
                awaitSamples(cloud, samples(cloud).size() + 5);
                long restamped = gateway.stats().samplesRestamped();

                List<JsonNode> samples = samples(cloud);
                List<String> wrong = new ArrayList<>();
                for (int i = 1; i < samples.size(); i++) {
                    JsonNode before = samples.get(i - 1);
                    JsonNode sample = samples.get(i);
                    if (sample.get("ts").asLong() <= before.get("ts").asLong()) {
                        wrong.add("sample " + i + " ts " + sample.get("ts") + " not after " + before.get("ts"));
                    }
                    if (sample.get("v").asLong() != before.get("v").asLong() + 1) {
                        wrong.add("sample " + i + " counter " + sample.get("v") + " after " + before.get("v") + ": one dropped");
                    }
                }
                for (JsonNode sample : samples) {
                    boolean unset = sample.get("ts").asLong() < TimeOrderGuard.CLOCK_SET_FLOOR_MILLIS;
                    String expected = unset ? "uncertain" : "good";
                    if (!sample.get("q").asText().equals(expected)) {
                        wrong.add("sample " + sample + " should be " + expected);
                    }
                }
                assertEquals(List.of(), wrong, "samples of " + TAG);
                assertTrue(samples.subList(0, beforeNtp).stream()
                        .allMatch(s -> s.get("ts").asLong() < TimeOrderGuard.CLOCK_SET_FLOOR_MILLIS), "kept with their 1970 stamps");
                assertTrue(restamped >= 5, "the hour set back was restamped, not dropped: " + restamped);
                TreeMap<Long, JsonNode> records = records(cloud);
                assertEquals(LongStream.rangeClosed(1, records.lastKey()).boxed().toList(), List.copyOf(records.keySet()),
                        "every record's seq");
            }
        }
    }

    @Test
    void whileTheGatewayClockIsUnsetAServersOwnLaterStampIsBelievedNotPulledBackTo1970() {
        TagId tag = new TagId("opc", "temp");
        List<Sample> out = new ArrayList<>();
        TimeOrderGuard guard = TimeOrderGuard.open(work, Set.of(tag), covered -> Map.of(), () -> 30_000L, out::add);
        long serverTs = System.currentTimeMillis();
        guard.accept(new Sample(tag, serverTs, Value.of(21.5), Quality.GOOD));
        guard.accept(new Sample(tag, 31_000L, Value.of(21.6), Quality.GOOD));
        guard.accept(new Sample(tag, serverTs + 10, Value.of(21.7), Quality.BAD));

        assertEquals(new Sample(tag, serverTs, Value.of(21.5), Quality.GOOD), out.get(0), "a set clock's stamp is kept as is");
        assertEquals(new Sample(tag, serverTs + 1, Value.of(21.6), Quality.UNCERTAIN), out.get(1),
                "a 1970 stamp after it is raised to keep order, and marked");
        assertEquals(Quality.BAD, out.get(2).quality(), "a bad sample stays bad");
        assertEquals(1, guard.clockUnset());
    }

    @Test
    void maxAgeRepeatsAnUnchangedValueOnTheMonotonicClockWhenTheWallClockIsSetBack() {
        TagId tag = new TagId("plc", "state");
        List<Sample> out = new ArrayList<>();
        AtomicLong nanos = new AtomicLong();
        ExceptionFilter filter = new ExceptionFilter(Map.of(tag, new ReportPolicy(Optional.empty(), Optional.of(Duration.ofSeconds(10)))),
                out::add, nanos::get);
        long wall = System.currentTimeMillis();
        for (int second = 0; second <= 30; second++) {
            nanos.set(Duration.ofSeconds(second).toNanos());
            // At second 5 the wall clock is set back an hour; the value never changes.
            long ts = wall + second * 1_000L - (second >= 5 ? HOUR : 0);
            filter.accept(new Sample(tag, ts, Value.of(1), Quality.GOOD));
        }
        assertEquals(List.of(0L, 10L, 20L, 30L), out.stream().map(s -> (s.tsMillis() - wall + (s.tsMillis() < wall - 60_000 ? HOUR : 0)) / 1_000)
                .toList(), "one sample every max_age of real time, the hour set back or not");
    }

    private static void awaitSamples(CloudConsumer cloud, int count) {
        Await.until(count + " samples of " + TAG, Duration.ofSeconds(60), () -> samples(cloud).size() >= count,
                () -> samples(cloud).size());
    }

    private static TreeMap<Long, JsonNode> records(CloudConsumer cloud) {
        return JsonRecords.bySeq(cloud.on(PREFIX + "/telemetry"));
    }

    private static List<JsonNode> samples(CloudConsumer cloud) {
        return JsonRecords.samplesOf(TAG, cloud.on(PREFIX + "/telemetry"));
    }
}
