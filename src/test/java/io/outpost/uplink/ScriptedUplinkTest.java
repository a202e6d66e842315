package io.outpost.uplink;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.config.BackoffConfig;
import io.outpost.config.BatchConfig;
import io.outpost.config.UplinkConfig;
import io.outpost.testing.Await;
import io.outpost.testing.InMemoryRecordStore;
import io.outpost.testing.TestPayloads;
import io.outpost.uplink.ScriptedTransport.Accept;
import io.outpost.uplink.ScriptedTransport.Refuse;
import io.outpost.uplink.ScriptedTransport.Sent;
import io.outpost.uplink.ScriptedTransport.Silent;
import io.outpost.uplink.Transport.Connack;
import io.outpost.value.Lane;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The uplink's connect loop, send window and replies against {@link ScriptedTransport}: no broker, so
 * each case is quick and scripts exactly the answer it is about (a refused CONNECT, a silent broker,
 * a PUBACK that comes late or with an error). HiveMqUplinkTest and MosquittoUplinkIT cover the same
 * ground against real brokers.
 */
class ScriptedUplinkTest {

    private static final String GW = "scripted";
    private static final String P = "outpost/" + GW;
    private static final String TELEMETRY = P + "/telemetry";
    private static final String ALARMS = P + "/alarms";
    private static final String STATUS = P + "/status";
    private static final BackoffConfig QUICK_BACKOFF = new BackoffConfig(Duration.ofMillis(5), Duration.ofMillis(40), 2.0);
    /** Scripted connects answer at once: the deadline only bounds a stall of this busy machine. */
    private static final LinkTimings TIMINGS =
            new LinkTimings(Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofSeconds(1));
    /** For the one test about a connect that never gets its CONNACK: it waits the deadline out. */
    private static final LinkTimings SHORT_CONNECT_DEADLINE =
            new LinkTimings(Duration.ofMillis(300), Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofSeconds(1));

    private final ScriptedTransport transport = new ScriptedTransport();
    private final InMemoryRecordStore store = new InMemoryRecordStore();
    private final List<String> heard = new CopyOnWriteArrayList<>();
    private final UplinkListener listener = new UplinkListener() {
        @Override
        public void linkStateChanged(LinkState state, String reason) {
            heard.add(state + (reason.isEmpty() ? "" : " " + reason));
        }
    };
    private MqttUplink uplink;

    @AfterEach
    void closeUplink() {
        if (uplink != null) {
            uplink.close();
        }
    }

    private MqttUplink uplink(int inflight, LinkTimings timings) {
        UplinkConfig config = new UplinkConfig(URI.create("tcp://broker.test:1883"), GW, Optional.empty(), Optional.empty(),
                Optional.empty(), P, new BatchConfig(500, Duration.ofMillis(200)), inflight, QUICK_BACKOFF);
        uplink = new MqttUplink(config, TestConfigs.identity(GW), store, listener, new Random(3), timings, Clock.systemUTC(),
                transport);
        store.onAppended(uplink::wake);
        return uplink;
    }

    private MqttUplink started(int inflight) {
        MqttUplink started = uplink(inflight, TIMINGS);
        started.start();
        return started;
    }

    private static List<Long> seqs(List<Sent> sent) {
        return sent.stream().map(s -> TestPayloads.seqOf(s.message().payload())).toList();
    }

    // ---- the send window and PUBACK accounting

    @Test
    void neverHasMoreThanItsWindowInFlightAndReleasesARecordOnlyOnItsPuback() throws Exception {
        store.appendMany(Lane.TELEMETRY, 10, 1);
        started(3);
        Await.until("window full", () -> transport.waiting(TELEMETRY).size() == 3, transport::sent);
        Thread.sleep(100);
        assertEquals(3, transport.sentTo(TELEMETRY).size(), "nothing more until a PUBACK frees a slot");
        assertEquals(10, store.totalDepth(), "published is not delivered: all still in the store");

        transport.waiting(TELEMETRY).get(0).answer().complete(0);
        Await.until("seq 1 released, seq 4 sent", () -> store.totalDepth() == 9 && transport.sentTo(TELEMETRY).size() == 4,
                transport::sent);
        assertEquals(3, transport.waiting(TELEMETRY).size());

        Await.until("store emptied", () -> transport.answerAll(TELEMETRY, 0) >= 0 && store.totalDepth() == 0, uplink::stats);
        assertEquals(LongStream.rangeClosed(1, 10).boxed().toList(), seqs(transport.sentTo(TELEMETRY)), "each once, in order");
        Await.until("every PUBACK counted", () -> uplink.stats().acknowledgedRecords() == 10, uplink::stats);
        assertEquals(3, uplink.stats().window());
    }

    @Test
    void theWindowIsCappedByTheBrokersReceiveMaximumLessTheReplySlotsWhenThereAreSubscriptions() {
        MqttUplink withCommands = uplink(32, TIMINGS);
        withCommands.subscribe(P + "/cmd/+", message -> { });
        withCommands.start();
        Await.until("up", () -> withCommands.state() == LinkState.UP);
        assertEquals(10 - WindowSplit.REPLY_SLOTS, withCommands.stats().window());
    }

    @Test
    void sendsWaitingAlarmsBeforeWaitingTelemetry() {
        store.appendMany(Lane.TELEMETRY, 5, 1);
        store.appendMany(Lane.ALARMS, 2, 1);
        started(32);
        Await.until("all sent", () -> transport.sentTo(TELEMETRY).size() + transport.sentTo(ALARMS).size() == 7, transport::sent);
        List<String> order = transport.sent().stream().map(Sent::topic).filter(t -> !t.equals(STATUS)).toList();
        assertEquals(List.of(ALARMS, ALARMS, TELEMETRY, TELEMETRY, TELEMETRY, TELEMETRY, TELEMETRY), order);
    }

    @Test
    void aRecordTheBrokerRefusesStaysInTheStoreWhileItsLaneIsHeldAndOtherLanesGoOn() {
        store.appendMany(Lane.TELEMETRY, 2, 1);
        started(8);
        Await.until("telemetry sent", () -> transport.waiting(TELEMETRY).size() == 2, transport::sent);
        transport.answerAll(TELEMETRY, 0x87);
        Await.until("both refused", () -> uplink.stats().refusedRecords() == 2, uplink::stats);
        assertEquals(2, store.depth(Lane.TELEMETRY), "refused records stay in the store");
        String error = uplink.stats().lastError().orElse("");
        assertTrue(error.contains("PUBACK reason 0x87") && error.contains("kept in the store"), error);

        store.appendMany(Lane.ALARMS, 1, 1);
        Await.until("the alarm goes out", () -> transport.waiting(ALARMS).size() == 1, transport::sent);
        transport.answerAll(ALARMS, 0);
        Await.until("alarm released", () -> store.depth(Lane.ALARMS) == 0, uplink::stats);

        Await.until("telemetry sent again after the hold, from the head",
                () -> transport.answerAll(TELEMETRY, 0) >= 0 && store.depth(Lane.TELEMETRY) == 0, uplink::stats);
        assertEquals(List.of(1L, 2L, 1L, 2L), seqs(transport.sentTo(TELEMETRY)));
        assertEquals(LinkState.UP, uplink.state(), "a refused record does not drop the link");
        assertEquals(1, uplink.stats().connects());
    }

    @Test
    void afterALossEverythingUnacknowledgedIsSentAgainAndALatePubackOfTheOldConnectionStillReleasesItsRecord() {
        store.appendMany(Lane.TELEMETRY, 3, 1);
        started(8);
        Await.until("sent on the first connection", () -> transport.waiting(TELEMETRY).size() == 3, transport::sent);
        transport.cut();
        Await.until("up again", () -> uplink.stats().connects() == 2 && transport.sentTo(TELEMETRY).size() == 6, uplink::stats);
        assertTrue(transport.channel(0).abandoned(), "the lost client is released");
        assertEquals(List.of(1L, 2L, 3L, 1L, 2L, 3L), seqs(transport.sentTo(TELEMETRY)));

        transport.sentTo(TELEMETRY).get(0).answer().complete(0);
        Await.until("the old connection's PUBACK released seq 1", () -> store.depth(Lane.TELEMETRY) == 2, uplink::stats);
        transport.answerAll(TELEMETRY, 0);
        Await.until("store emptied", () -> store.totalDepth() == 0, uplink::stats);
        assertEquals(1, uplink.stats().disconnects());
        // The store is released before the uplink thread publishes its window figures: wait for those.
        Await.until("nothing left in flight", () -> uplink.stats().inflight() == 0, uplink::stats);
    }

    @Test
    void afterALossRecordsAcknowledgedButNotYetRemovedFromTheStoreAreNotSentAgain() throws Exception {
        store.appendMany(Lane.TELEMETRY, 5, 1);
        // The store removes an acknowledged record with a later commit; here none comes before the cut.
        store.deferAcknowledgements(true);
        started(8);
        Await.until("all five sent", () -> transport.sentTo(TELEMETRY).size() == 5, transport::sent);
        for (int i = 0; i < 3; i++) {
            transport.sentTo(TELEMETRY).get(i).answer().complete(0);
        }
        Await.until("three PUBACKs taken", () -> uplink.stats().acknowledgedRecords() == 3, uplink::stats);
        assertEquals(5, store.depth(Lane.TELEMETRY), "the store still holds the acknowledged records");
        transport.cut();
        Await.until("up again, the two in flight sent again",
                () -> uplink.stats().connects() == 2 && transport.sentTo(TELEMETRY).size() == 7, uplink::stats);
        Thread.sleep(100);
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 4L, 5L), seqs(transport.sentTo(TELEMETRY)),
                "only what was in flight at the cut goes out twice");
    }

    // ---- the life cycle: connect attempts, backoff, close

    @Test
    void failedConnectsClimbTheBackoffAndAConnectionThatStaysUpResetsIt() {
        transport.then(new Refuse("refused by the test"), new Refuse("refused by the test"), new Refuse("refused by the test"));
        // Long enough that the figures read just after UP are still those of the climb on a busy machine.
        LinkTimings stableAfterThreeSeconds =
                new LinkTimings(Duration.ofSeconds(5), Duration.ofSeconds(3), Duration.ofSeconds(10), Duration.ofSeconds(1));
        MqttUplink link = uplink(8, stableAfterThreeSeconds);
        link.start();
        Await.until("up, and the listener told", () -> link.state() == LinkState.UP && heard.size() == 8, link::stats);
        UplinkStats up = link.stats();
        assertEquals(3, up.failedConnects());
        assertEquals(3, up.backoffAttempt(), "one step per failed attempt");
        assertEquals("refused by the test", up.lastError().orElse(""));
        assertEquals(List.of("CONNECTING", "DOWN refused by the test", "CONNECTING", "DOWN refused by the test", "CONNECTING",
                "DOWN refused by the test", "CONNECTING", "UP connected to tcp://broker.test:1883"), heard);

        Await.until("backoff reset once the connection stayed up", () -> link.stats().backoffAttempt() == 0, link::stats);
    }

    @Test
    void connectionsThatDropQuicklyKeepTheBackoffClimbing() {
        started(8);
        for (int cut = 1; cut <= 2; cut++) {
            int connects = cut;
            Await.until("up #" + cut, () -> uplink.state() == LinkState.UP && uplink.stats().connects() == connects, uplink::stats);
            transport.cut();
            Await.until("backoff step " + cut, () -> uplink.stats().backoffAttempt() == connects, uplink::stats);
        }
        Await.until("up #3", () -> uplink.stats().connects() == 3, uplink::stats);
        assertEquals(2, uplink.stats().disconnects());
        assertEquals(0, uplink.stats().failedConnects());
        assertEquals("connection cut by the test", uplink.stats().lastError().orElse(""));
    }

    @Test
    void abandonsAConnectThatGetsNoConnackByTheDeadlineAndTriesAgain() {
        transport.then(new Silent());
        uplink(8, SHORT_CONNECT_DEADLINE).start();
        Await.until("up on the second attempt", () -> uplink.state() == LinkState.UP, uplink::stats);
        assertEquals(1, uplink.stats().failedConnects());
        assertTrue(transport.channel(0).abandoned());
        assertEquals(2, transport.opened(), "a fresh client for each attempt");
        assertEquals("no CONNACK from tcp://broker.test:1883 within 300ms", uplink.stats().lastError().orElse(""));
    }

    @Test
    void aBirthTheBrokerRefusesFailsTheAttempt() {
        transport.autoAcknowledge(topic -> false);
        started(8);
        Await.until("birth sent", () -> transport.waiting(STATUS).size() == 1, transport::sent);
        String birth = new String(transport.waiting(STATUS).get(0).message().payload(), StandardCharsets.UTF_8);
        assertTrue(birth.startsWith("{\"state\":\"online\""), birth);
        assertTrue(transport.waiting(STATUS).get(0).message().retained());
        transport.answerAll(STATUS, 0x87);
        Await.until("attempt failed", () -> uplink.stats().failedConnects() == 1, uplink::stats);
        assertEquals("broker refused the birth on " + STATUS + ": reason 0x87", uplink.stats().lastError().orElse(""));

        transport.answerAll(STATUS, 0);
        Await.until("next birth acknowledged", () -> transport.answerAll(STATUS, 0) >= 0 && uplink.state() == LinkState.UP,
                uplink::stats);
        assertEquals(1, uplink.stats().connects());
    }

    @Test
    void theLastWillIsTheRetainedOfflineStatus() {
        started(8);
        Await.until("up", () -> uplink.state() == LinkState.UP);
        Transport.OutboundMessage will = transport.options().get(0).will();
        assertEquals(STATUS, will.topic());
        assertTrue(will.retained());
        assertTrue(new String(will.payload(), StandardCharsets.UTF_8).startsWith("{\"state\":\"offline\",\"gw\":\"scripted\""));
    }

    @Test
    void closeLetsInFlightPubacksLandThenSaysOfflineAndDisconnectsWithoutTheWill() throws Exception {
        store.appendMany(Lane.TELEMETRY, 2, 1);
        started(8);
        Await.until("records in flight", () -> transport.waiting(TELEMETRY).size() == 2, transport::sent);
        Thread answerer = new Thread(() -> {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
            transport.answerAll(TELEMETRY, 0);
        });
        answerer.start();
        uplink.close();
        answerer.join();

        assertEquals(0, store.totalDepth(), "PUBACKs that came during the close released their records");
        List<Sent> status = transport.sentTo(STATUS);
        assertTrue(new String(status.get(status.size() - 1).message().payload(), StandardCharsets.UTF_8)
                .startsWith("{\"state\":\"offline\""));
        assertEquals(Boolean.FALSE, transport.channel(0).disconnectedWithWill());
        assertEquals(LinkState.DOWN, uplink.state());
        assertEquals("DOWN closed", heard.get(heard.size() - 1));
        assertEquals(1, uplink.stats().disconnects());
    }

    @Test
    void whenTheOfflineStatusIsRefusedTheDisconnectAsksTheBrokerForTheWill() throws Exception {
        transport.autoAcknowledge(topic -> false);
        started(8);
        Await.until("birth sent", () -> transport.waiting(STATUS).size() == 1, transport::sent);
        transport.answerAll(STATUS, 0);
        Await.until("up", () -> uplink.state() == LinkState.UP);
        Thread closer = new Thread(uplink::close);
        closer.start();
        Await.until("offline status sent", () -> transport.waiting(STATUS).size() == 1, transport::sent);
        transport.answerAll(STATUS, 0x87);
        closer.join(5_000);
        assertFalse(closer.isAlive());
        assertEquals(Boolean.TRUE, transport.channel(0).disconnectedWithWill());
    }

    // ---- inbound commands and replies

    @Test
    void handsCommandsToTheirHandlerOffTheClientThreadAndRepliesWithTheCorrelationData() {
        transport.autoAcknowledge(topic -> true);
        List<String> handlerThreads = new CopyOnWriteArrayList<>();
        MqttUplink link = uplink(8, TIMINGS);
        link.subscribe(P + "/cmd/+", message -> {
            handlerThreads.add(Thread.currentThread().getName());
            link.reply(message.responseTopic().orElseThrow(), message.correlationData(),
                    ("pong " + message.topic()).getBytes(StandardCharsets.UTF_8));
        });
        link.start();
        Await.until("up", () -> link.state() == LinkState.UP);
        byte[] correlation = {1, 2, 3};
        transport.deliver(new InboundMessage(P + "/other", new byte[0], Optional.empty(), Optional.empty()));
        transport.deliver(new InboundMessage(P + "/cmd/ping", "{}".getBytes(StandardCharsets.UTF_8), Optional.of("replies/7"),
                Optional.of(correlation)));

        Await.until("reply sent", () -> transport.sentTo("replies/7").size() == 1, transport::sent);
        Transport.OutboundMessage reply = transport.sentTo("replies/7").get(0).message();
        assertEquals("pong " + P + "/cmd/ping", new String(reply.payload(), StandardCharsets.UTF_8));
        assertArrayEquals(correlation, reply.correlationData().orElseThrow());
        assertFalse(reply.retained());
        assertEquals(List.of("uplink-inbound"), handlerThreads, "only the matching message reached the handler");
    }

    @Test
    void aBurstOfRepliesHasAtMostTheReplySlotsInFlightAndEveryOneIsSent() throws Exception {
        MqttUplink link = uplink(32, TIMINGS);
        link.subscribe(P + "/cmd/+", message -> { });
        link.start();
        Await.until("up", () -> link.state() == LinkState.UP);
        for (int i = 0; i < 10; i++) {
            assertTrue(link.reply("replies/burst", Optional.empty(), ("" + i).getBytes(StandardCharsets.UTF_8)));
        }
        Await.until("reply slots full", () -> transport.waiting("replies/burst").size() == WindowSplit.REPLY_SLOTS, transport::sent);
        Thread.sleep(100);
        assertEquals(WindowSplit.REPLY_SLOTS, transport.sentTo("replies/burst").size(), "no more until one is acknowledged");

        Await.until("every reply sent, the slots never exceeded", () -> {
            assertTrue(transport.waiting("replies/burst").size() <= WindowSplit.REPLY_SLOTS);
            transport.answerAll("replies/burst", 0);
            return transport.sentTo("replies/burst").size() == 10;
        }, transport::sent);
        List<String> payloads = transport.sentTo("replies/burst").stream()
                .map(s -> new String(s.message().payload(), StandardCharsets.UTF_8)).toList();
        assertEquals(List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), payloads, "all, in order");
    }

    @Test
    void aReplyQueuedWhileTheLinkIsDownGoesOutOnceItIsUp() {
        transport.then(new Refuse("down for now"));
        MqttUplink link = uplink(8, TIMINGS);
        assertTrue(link.reply("replies/early", Optional.empty(), new byte[] {42}));
        link.start();
        Await.until("sent once up", () -> transport.sentTo("replies/early").size() == 1, transport::sent);
        assertEquals(1, transport.sentTo("replies/early").get(0).channel(), "on the connection that came up");
        link.close();
        assertFalse(link.reply("replies/late", Optional.empty(), new byte[0]), "no replies once closed");
    }

    @Test
    void aSubscriptionTheBrokerRefusesIsReportedAndTheLinkStillComesUp() {
        transport.subackCode(P + "/cmd/+", 0x87);
        MqttUplink link = uplink(8, TIMINGS);
        link.subscribe(P + "/cmd/+", message -> { });
        link.start();
        Await.until("up", () -> link.state() == LinkState.UP, link::stats);
        assertTrue(link.stats().lastError().orElse("").startsWith("broker refused the subscription to " + P + "/cmd/+: reason 0x87"),
                link.stats().toString());
    }

    @Test
    void aConnackWithALowReceiveMaximumShrinksTheWindow() {
        transport.afterScript(new Accept(new Connack(2, Long.MAX_VALUE)));
        store.appendMany(Lane.TELEMETRY, 5, 1);
        started(32);
        Await.until("window full", () -> transport.waiting(TELEMETRY).size() == 2, transport::sent);
        assertEquals(2, uplink.stats().window());
    }
}
