package io.outpost.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hivemq.extension.sdk.api.packets.connect.ConnackReasonCode;
import io.outpost.config.BackoffConfig;
import io.outpost.config.BatchConfig;
import io.outpost.config.UplinkConfig;
import io.outpost.demo.EmbeddedBroker;
import io.outpost.testing.Await;
import io.outpost.testing.CloudConsumer;
import io.outpost.testing.CommandClient;
import io.outpost.testing.InMemoryRecordStore;
import io.outpost.testing.TcpProxy;
import io.outpost.testing.TestPayloads;
import io.outpost.uplink.LinkState;
import io.outpost.uplink.LinkTimings;
import io.outpost.uplink.MqttUplink;
import io.outpost.uplink.UplinkIdentity;
import io.outpost.uplink.UplinkListener;
import io.outpost.value.Lane;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeSet;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenario 6, a slow and hostile broker (a real HiveMQ with an extension that refuses CONNECTs and holds
 * PUBACKs back, a Receive Maximum of 1, a TCP proxy that accepts and never answers): the uplink backs
 * off instead of hammering, says why in its error (the text of its one log line), and loses nothing.
 */
class HostileBrokerTest {

    /** Every CONNACK refusal a broker may send a well-formed CONNECT for reasons of its own. */
    private static final Map<ConnackReasonCode, Integer> REFUSALS = new LinkedHashMap<>();

    static {
        REFUSALS.put(ConnackReasonCode.BAD_USER_NAME_OR_PASSWORD, 0x86);
        REFUSALS.put(ConnackReasonCode.NOT_AUTHORIZED, 0x87);
        REFUSALS.put(ConnackReasonCode.SERVER_UNAVAILABLE, 0x88);
        REFUSALS.put(ConnackReasonCode.SERVER_BUSY, 0x89);
        REFUSALS.put(ConnackReasonCode.BANNED, 0x8A);
        REFUSALS.put(ConnackReasonCode.BAD_AUTHENTICATION_METHOD, 0x8C);
        REFUSALS.put(ConnackReasonCode.CLIENT_IDENTIFIER_NOT_VALID, 0x85);
        REFUSALS.put(ConnackReasonCode.QUOTA_EXCEEDED, 0x97);
        REFUSALS.put(ConnackReasonCode.CONNECTION_RATE_EXCEEDED, 0x9F);
    }
    private static final BackoffConfig FAST = new BackoffConfig(Duration.ofMillis(50), Duration.ofMillis(400), 2.0);
    private static final LinkTimings TIMINGS =
            new LinkTimings(Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofSeconds(2));

    @TempDir
    static Path brokerDir;
    static HostileBrokerExtension hostile = new HostileBrokerExtension();
    static EmbeddedBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = new EmbeddedBroker(brokerDir, 0, EmbeddedBroker.DEFAULT_RECEIVE_MAXIMUM, Optional.of(hostile));
        broker.start();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Test
    void everyRefusalReasonIsNamedAndTriedAgainAndNothingQueuedIsLost() throws Exception {
        String gw = HostileBrokerExtension.TARGETS + "refused";
        InMemoryRecordStore store = new InMemoryRecordStore();
        store.appendMany(Lane.TELEMETRY, 20, 5);
        try {
            hostile.refuseWith(Optional.of(ConnackReasonCode.BAD_USER_NAME_OR_PASSWORD));
            try (CloudConsumer cloud = new CloudConsumer(broker.url(), prefix(gw));
                    MqttUplink uplink = start(config(gw, broker.url(), 8, FAST), store)) {
                for (Map.Entry<ConnackReasonCode, Integer> refusal : REFUSALS.entrySet()) {
                    ConnackReasonCode code = refusal.getKey();
                    hostile.refuseWith(Optional.of(code));
                    String hex = "reason 0x" + Integer.toHexString(refusal.getValue());
                    Await.until("refused with " + code, () -> uplink.stats().lastError().orElse("").contains(hex), uplink::stats);
                    String error = uplink.stats().lastError().orElseThrow();
                    assertTrue(error.startsWith("broker 127.0.0.1:" + broker.port() + " refused the connection: " + hex), error);
                    assertTrue(uplink.state() != LinkState.UP, uplink.stats().toString());
                    long failed = uplink.stats().failedConnects();
                    Await.until("tried again after " + code, () -> uplink.stats().failedConnects() > failed, uplink::stats);
                }
                assertEquals(0, uplink.stats().connects());
                assertEquals(20, store.totalDepth(), "nothing left the store while refused");

                hostile.refuseWith(Optional.empty());
                Await.until("store emptied once let in", () -> store.totalDepth() == 0, uplink::stats);
                cloud.awaitUntil("every record arrived", all -> cloud.seqs(prefix(gw), Lane.TELEMETRY).size() == 20);
                assertEquals(LongStream.rangeClosed(1, 20).boxed().toList(),
                        List.copyOf(new TreeSet<>(cloud.seqs(prefix(gw), Lane.TELEMETRY))));
            }
        } finally {
            hostile.refuseWith(Optional.empty());
        }
    }

    /**
     * Bad credentials do not heal by themselves; a gateway that retries them at once hammers the broker
     * (and a fleet of them takes it down). The attempts the broker sees over a window are counted
     * against {@code ReconnectPolicy}'s curve: full jitter under a ceiling {@code min(max, initial +
     * (multiplier - 1) × time in trouble)}, so on average half the ceiling between attempts. Slowness of a
     * busy machine only lowers the count; the bound is three times the mean.
     */
    @Test
    void badCredentialsBackOffAlongTheCurveInsteadOfHammering() throws Exception {
        String gw = HostileBrokerExtension.TARGETS + "bad-password";
        BackoffConfig curve = new BackoffConfig(Duration.ofMillis(100), Duration.ofSeconds(2), 2.0);
        Duration window = Duration.ofSeconds(8);
        InMemoryRecordStore store = new InMemoryRecordStore();
        store.appendMany(Lane.EVENTS, 3, 1);
        int before = hostile.connectNanos().size();
        try {
            hostile.refuseWith(Optional.of(ConnackReasonCode.BAD_USER_NAME_OR_PASSWORD));
            try (MqttUplink uplink = start(config(gw, broker.url(), 8, curve), store)) {
                Await.until("first refusal", () -> hostile.connectNanos().size() > before, uplink::stats);
                long first = hostile.connectNanos().get(before);
                Await.until("window over", Duration.ofSeconds(60),
                        () -> System.nanoTime() - first > window.toNanos() && uplink.stats().failedConnects() >= 3, uplink::stats);
                long inWindow = hostile.connectNanos().subList(before, hostile.connectNanos().size()).stream()
                        .filter(t -> t - first <= window.toNanos()).count();
                double mean = meanAttempts(curve, window);
                assertTrue(inWindow >= 2, "it does try again: " + inWindow);
                assertTrue(inWindow <= 3 * mean, inWindow + " attempts in " + window + " against a mean of " + mean
                        + " along the curve: the uplink hammers the broker");
                assertTrue(uplink.stats().backoffAttempt() >= 2, uplink.stats().toString());
                assertTrue(uplink.stats().lastError().orElse("").contains("reason 0x86"), uplink.stats().toString());
                assertEquals(3, store.totalDepth());
            }
        } finally {
            hostile.refuseWith(Optional.empty());
        }
    }

    /** HiveMQ holds one client's PUBACKs one after another, so five records take about ten seconds. */
    @Test
    void pubacksHeldBackForSecondsSlowTheStreamButDropNothingAndKeepTheLink() throws Exception {
        String gw = HostileBrokerExtension.TARGETS + "slow-acks";
        InMemoryRecordStore store = new InMemoryRecordStore();
        store.appendMany(Lane.TELEMETRY, 5, 5);
        long delayedBefore = hostile.delayedPubacks();
        try {
            hostile.delayPubacks(Duration.ofSeconds(2));
            try (CloudConsumer cloud = new CloudConsumer(broker.url(), prefix(gw));
                    MqttUplink uplink = start(config(gw, broker.url(), 4, FAST), store)) {
                Await.until("store emptied", Duration.ofSeconds(90), () -> store.totalDepth() == 0, uplink::stats);
                cloud.awaitUntil("every record arrived", all -> cloud.seqs(prefix(gw), Lane.TELEMETRY).size() == 5);
                assertTrue(hostile.delayedPubacks() - delayedBefore >= 5, "every PUBACK was held back");
                assertEquals(1, uplink.stats().connects(), "slow acknowledgements are not a lost link: " + uplink.stats());
                assertEquals(0, uplink.stats().disconnects(), uplink.stats().toString());
                assertTrue(store.maxOutstanding() <= 4, "the window held: " + store.maxOutstanding());
                assertEquals(5, uplink.stats().acknowledgedRecords());
            }
        } finally {
            hostile.delayPubacks(Duration.ZERO);
        }
    }

    @Test
    void aReceiveMaximumOfOneSendsOneRecordAtATimeInOrder(@TempDir Path dir) throws Exception {
        String gw = HostileBrokerExtension.TARGETS + "receive-max-1";
        InMemoryRecordStore store = new InMemoryRecordStore();
        store.appendMany(Lane.TELEMETRY, 40, 5);
        try (EmbeddedBroker tiny = new EmbeddedBroker(dir, 0, 1, Optional.empty())) {
            tiny.start();
            try (CloudConsumer cloud = new CloudConsumer(tiny.url(), prefix(gw));
                    MqttUplink uplink = start(config(gw, tiny.url(), 32, FAST), store)) {
                Await.until("store emptied", () -> store.totalDepth() == 0, uplink::stats);
                cloud.awaitUntil("every record arrived", all -> cloud.seqs(prefix(gw), Lane.TELEMETRY).size() == 40);
                List<Long> arrived = cloud.on(prefix(gw) + "/telemetry").stream().map(r -> TestPayloads.seqOf(r.payload())).toList();
                assertEquals(LongStream.rangeClosed(1, 40).boxed().toList(), arrived, "once each, in seq order");
                assertEquals(1, uplink.stats().window(), "the window follows the broker's Receive Maximum");
                assertEquals(1, store.maxOutstanding());
                assertEquals(0, uplink.stats().disconnects(), "the broker never had to cut us off: " + uplink.stats());
            }
        }
    }

    /**
     * With subscriptions, replies keep slots of their own; a Receive Maximum of 1 leaves none to share.
     * Records and replies together must still never exceed it, or the broker cuts the connection (0x93).
     */
    @Test
    void aReceiveMaximumOfOneCarriesRecordsAndCommandRepliesWithoutExceedingIt(@TempDir Path dir) throws Exception {
        String gw = HostileBrokerExtension.TARGETS + "receive-max-1-cmd";
        InMemoryRecordStore store = new InMemoryRecordStore();
        try (EmbeddedBroker tiny = new EmbeddedBroker(dir, 0, 1, Optional.empty())) {
            tiny.start();
            MqttUplink uplink = new MqttUplink(config(gw, tiny.url(), 32, FAST), new UplinkIdentity(gw, "boot-1", "0.1.0-test"),
                    store, UplinkListener.NONE, new Random(16), TIMINGS, Clock.systemUTC());
            store.onAppended(uplink::wake);
            uplink.subscribe(prefix(gw) + "/cmd/+", message -> uplink.reply(message.responseTopic().orElseThrow(),
                    message.correlationData(), "pong".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            uplink.start();
            try (uplink; CloudConsumer cloud = new CloudConsumer(tiny.url(), prefix(gw));
                    CommandClient commands = new CommandClient(tiny.url())) {
                Await.until("up", () -> uplink.state() == LinkState.UP, uplink::stats);
                for (int round = 0; round < 5; round++) {
                    store.appendMany(Lane.TELEMETRY, 40, 50);
                    assertEquals("pong", commands.request(prefix(gw) + "/cmd/ping", "{}").text());
                }
                Await.until("store emptied", () -> store.totalDepth() == 0, uplink::stats);
                cloud.awaitUntil("every record arrived", all -> cloud.seqs(prefix(gw), Lane.TELEMETRY).size() == 200);
                assertEquals(0, uplink.stats().disconnects(), "the broker never had to cut us off: " + uplink.stats());
                assertEquals(1, uplink.stats().connects());
            }
        }
    }

    @Test
    void aBrokerThatAcceptsTcpAndNeverAnswersIsAbandonedPerAttemptWithBackoffAndNothingIsLost() throws Exception {
        String gw = HostileBrokerExtension.TARGETS + "silent";
        InMemoryRecordStore store = new InMemoryRecordStore();
        store.appendMany(Lane.ALARMS, 4, 1);
        LinkTimings quick = new LinkTimings(Duration.ofMillis(500), Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofSeconds(2));
        try (TcpProxy proxy = new TcpProxy(broker.port());
                CloudConsumer cloud = new CloudConsumer(broker.url(), prefix(gw))) {
            proxy.mode(TcpProxy.Mode.SILENT);
            try (MqttUplink uplink = start(config(gw, proxy.url(), 8, FAST), store, quick)) {
                Await.until("three abandoned attempts", () -> uplink.stats().failedConnects() >= 3, uplink::stats);
                String error = uplink.stats().lastError().orElse("");
                assertTrue(error.contains("no CONNACK"), error);
                assertTrue(proxy.accepted() >= 3, "each attempt opened a new connection");
                assertEquals(4, store.totalDepth());

                proxy.mode(TcpProxy.Mode.FORWARD);
                Await.until("store emptied once the broker answers", () -> store.totalDepth() == 0, uplink::stats);
                cloud.awaitUntil("every alarm arrived", all -> cloud.seqs(prefix(gw), Lane.ALARMS).size() == 4);
            }
        }
    }

    /** The mean count of attempts in {@code window} along the curve, each taking half its ceiling. */
    private static double meanAttempts(BackoffConfig curve, Duration window) {
        double t = 0;
        double attempts = 0;
        double initial = curve.initial().toNanos();
        double max = curve.max().toNanos();
        while (t <= window.toNanos()) {
            attempts++;
            t += Math.min(max, initial + (curve.multiplier() - 1) * t) / 2;
        }
        return attempts;
    }

    private static String prefix(String gw) {
        return "outpost/" + gw;
    }

    private static UplinkConfig config(String gw, String url, int inflight, BackoffConfig backoff) {
        return new UplinkConfig(URI.create(url), gw, Optional.empty(), Optional.empty(), Optional.empty(), prefix(gw),
                new BatchConfig(500, Duration.ofMillis(200)), inflight, backoff);
    }

    private static MqttUplink start(UplinkConfig config, InMemoryRecordStore store) {
        return start(config, store, TIMINGS);
    }

    private static MqttUplink start(UplinkConfig config, InMemoryRecordStore store, LinkTimings timings) {
        MqttUplink uplink = new MqttUplink(config, new UplinkIdentity(config.clientId(), "boot-1", "0.1.0-test"), store,
                UplinkListener.NONE, new Random(16), timings, Clock.systemUTC());
        store.onAppended(uplink::wake);
        uplink.start();
        return uplink;
    }
}
