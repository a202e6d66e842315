package io.outpost.uplink;

import static io.outpost.uplink.TestConfigs.FAST_TIMINGS;
import static io.outpost.uplink.TestConfigs.prefix;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.value.Lane;
import io.outpost.demo.EmbeddedBroker;
import io.outpost.testing.Await;
import io.outpost.testing.CloudConsumer.Received;
import io.outpost.testing.CloudConsumer;
import io.outpost.testing.CommandClient;
import io.outpost.testing.InMemoryRecordStore.Key;
import io.outpost.testing.InMemoryRecordStore;
import io.outpost.testing.TcpProxy;
import io.outpost.testing.TestPayloads;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The uplink against an in-process HiveMQ (Receive Maximum 10 by default). */
class HiveMqUplinkTest {

    @TempDir
    static Path brokerDir;
    static EmbeddedBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = new EmbeddedBroker(brokerDir.resolve("shared"), 0);
        broker.start();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Test
    void deliversEveryLaneInSeqOrderAndEmptiesTheStoreOnPuback() throws Exception {
        String gw = "in-order";
        InMemoryRecordStore store = new InMemoryRecordStore();
        store.appendMany(Lane.TELEMETRY, 40, 20);
        store.appendMany(Lane.EVENTS, 10, 1);
        try (CloudConsumer cloud = new CloudConsumer(broker.url(), prefix(gw));
                MqttUplink uplink = TestConfigs.startPlain(gw, broker.url(), 32, store)) {
            Await.until("uplink up", () -> uplink.state() == LinkState.UP);
            store.appendMany(Lane.TELEMETRY, 60, 20);
            store.appendMany(Lane.ALARMS, 5, 1);

            Await.until("store emptied", () -> store.totalDepth() == 0, uplink::stats);
            cloud.awaitUntil("all records received", all -> cloud.seqs(prefix(gw), Lane.TELEMETRY).size() == 100
                    && cloud.seqs(prefix(gw), Lane.EVENTS).size() == 10 && cloud.seqs(prefix(gw), Lane.ALARMS).size() == 5);

            for (Lane lane : Lane.values()) {
                List<Long> arrived = cloud.on(prefix(gw) + "/" + lane.wireName()).stream()
                        .map(r -> TestPayloads.seqOf(r.payload())).toList();
                assertEquals(LongStream.rangeClosed(1, arrived.size()).boxed().toList(), arrived,
                        lane + " arrives once each, in seq order");
                assertTrue(cloud.on(prefix(gw) + "/" + lane.wireName()).stream().noneMatch(Received::retained));
            }
            byte[] sent = TestPayloads.record("gw1", Lane.TELEMETRY, 7, 20);
            assertEquals(new String(sent), cloud.on(prefix(gw) + "/telemetry").get(6).text(), "payload goes out byte for byte");
            assertEquals(115, uplink.stats().acknowledgedRecords());
            assertEquals(115, store.acknowledgements());
        }
    }

    @Test
    void aSessionTakenOverByAnotherClientWithTheSameIdIsSaidInWords() throws Exception {
        String gw = "twin-hive";
        try (MqttUplink first = TestConfigs.startPlain(gw, broker.url(), 8, new InMemoryRecordStore())) {
            Await.until("first up", () -> first.state() == LinkState.UP, first::stats);
            try (MqttUplink second = TestConfigs.startPlain(gw, broker.url(), 8, new InMemoryRecordStore())) {
                Await.until("the first one taken over", () -> first.stats().disconnects() >= 1, first::stats);
                String error = first.stats().lastError().orElse("");
                assertTrue(error.startsWith("another client uses this client id (twin-hive): ") && error.contains("0x8e"), error);
            }
        }
    }

    @Test
    void sendsWaitingAlarmsBeforeWaitingTelemetry() throws Exception {
        String gw = "alarms-first";
        InMemoryRecordStore store = new InMemoryRecordStore();
        store.appendMany(Lane.TELEMETRY, 30, 50);
        store.appendMany(Lane.ALARMS, 3, 1);
        try (CloudConsumer cloud = new CloudConsumer(broker.url(), prefix(gw));
                MqttUplink uplink = TestConfigs.startPlain(gw, broker.url(), 32, store)) {
            Await.until("first backlog sent", () -> store.totalDepth() == 0, uplink::stats);
            assertAlarmsHandedOutFirst(store.firstHandOutOrder().subList(0, 33), 3);

            // Telemetry queued while reads are held, an alarm queued after it: the alarm still leads.
            store.holdReads(true);
            store.appendMany(Lane.TELEMETRY, 50, 50);
            store.appendMany(Lane.ALARMS, 1, 1);
            // Release only once the uplink sleeps: a pass that read the (held) alarm lane before the
            // release and the telemetry lane after it would rightly send telemetry first.
            Await.until("uplink asleep with reads held", HiveMqUplinkTest::uplinkAsleep);
            int before = store.firstHandOutOrder().size();
            store.holdReads(false);
            uplink.wake();
            Await.until("second backlog sent", () -> store.totalDepth() == 0, uplink::stats);
            assertAlarmsHandedOutFirst(store.firstHandOutOrder().subList(before, before + 51), 1);

            cloud.awaitUntil("all arrived", all -> cloud.seqs(prefix(gw), Lane.TELEMETRY).size() == 80
                    && cloud.seqs(prefix(gw), Lane.ALARMS).size() == 4);
            List<Received> all = cloud.all();
            int lastAlarm = indexOf(all, prefix(gw) + "/alarms", 3);
            int firstTelemetry = indexOf(all, prefix(gw) + "/telemetry", 1);
            assertTrue(lastAlarm < firstTelemetry, "the consumer sees the waiting alarms before the waiting telemetry");
        }
    }

    @Test
    void neverHasMoreInFlightThanItsWindowNorTheBrokersReceiveMaximum() throws Exception {
        for (int inflight : new int[] {32, 3}) {
            String gw = "window-" + inflight;
            InMemoryRecordStore store = new InMemoryRecordStore();
            store.appendMany(Lane.TELEMETRY, 150, 20);
            try (MqttUplink uplink = TestConfigs.startPlain(gw, broker.url(), inflight, store)) {
                Await.until("store emptied", () -> store.totalDepth() == 0, uplink::stats);
                int expected = Math.min(inflight, 10); // HiveMQ's default server Receive Maximum
                assertEquals(expected, uplink.stats().window());
                assertEquals(expected, store.maxOutstanding(), "records handed out and not yet acknowledged, at most");
            }
        }
    }

    @Test
    void aStoreThatFailsToReadDoesNotDropTheLinkAndIsReadAgainLater() throws Exception {
        String gw = "store-fails";
        InMemoryRecordStore store = new InMemoryRecordStore();
        store.appendMany(Lane.ALARMS, 3, 1);
        store.failReads(true);
        try (MqttUplink uplink = TestConfigs.startPlain(gw, broker.url(), 8, store)) {
            Await.until("failure reported", () -> uplink.stats().lastError().orElse("").startsWith("store: "), uplink::stats);
            assertEquals(LinkState.UP, uplink.state());
            store.failReads(false);
            Await.until("store emptied", () -> store.totalDepth() == 0, uplink::stats);
            assertEquals(1, uplink.stats().connects());
        }
    }

    @Test
    void publishesRetainedBirthAndTheBrokerSendsTheWillOnAnAbruptLoss() throws Exception {
        String gw = "birth-will";
        String status = prefix(gw) + "/status";
        InMemoryRecordStore store = new InMemoryRecordStore();
        try (TcpProxy proxy = new TcpProxy(broker.port());
                CloudConsumer cloud = new CloudConsumer(broker.url(), prefix(gw))) {
            MqttUplink uplink = TestConfigs.startPlain(gw, proxy.url(), 8, store);
            try {
                cloud.awaitUntil("birth", all -> statusStates(cloud, status).equals(List.of("online")));
                String birth = cloud.on(status).get(0).text();
                assertTrue(birth.matches("\\{\"state\":\"online\",\"gw\":\"birth-will\",\"boot\":\"boot-birth-will\",\"ts\":\\d+,"
                        + "\"version\":\"0.1.0-test\"}"), birth);
                try (CloudConsumer late = new CloudConsumer(broker.url(), prefix(gw))) {
                    late.awaitUntil("retained birth", all -> !late.on(status).isEmpty());
                    assertTrue(late.on(status).get(0).retained());
                }

                proxy.cutAll();
                cloud.awaitUntil("Will, then a new birth",
                        all -> statusStates(cloud, status).equals(List.of("online", "offline", "online")));
                assertTrue(cloud.on(status).get(1).text().startsWith("{\"state\":\"offline\",\"gw\":\"birth-will\""));
                Await.until("up again", () -> uplink.state() == LinkState.UP);
                assertEquals(2, uplink.stats().connects());
                assertEquals(1, uplink.stats().disconnects());
            } finally {
                uplink.close();
            }
            cloud.awaitUntil("offline on a clean close",
                    all -> statusStates(cloud, status).equals(List.of("online", "offline", "online", "offline")));
            try (CloudConsumer late = new CloudConsumer(broker.url(), prefix(gw))) {
                late.awaitUntil("retained offline", all -> !late.on(status).isEmpty());
                assertTrue(late.on(status).get(0).text().startsWith("{\"state\":\"offline\""));
            }
            assertEquals(LinkState.DOWN, uplink.state());
            Await.until("no uplink or client threads left", () -> uplinkThreads(gw).isEmpty(), () -> uplinkThreads(gw));
        }
    }

    /**
     * HiveMQ in-memory loses messages it acknowledged but had not yet delivered when it stops, so the
     * consumer may miss records the uplink rightly released; what must arrive is everything the
     * broker had not acknowledged. (MosquittoUplinkIT checks "nothing missing" with a broker that
     * keeps its queues across a restart.)
     */
    @Test
    void resendsEverythingUnacknowledgedAfterTheBrokerIsStoppedMidStreamAndRestarted(@TempDir Path dir) throws Exception {
        String gw = "outage";
        InMemoryRecordStore store = new InMemoryRecordStore();
        store.appendMany(Lane.TELEMETRY, 300, 500);
        // Nothing leaves the store before the outage, however fast the stream: the restart always
        // finds every record queued, some of them already published once.
        store.deferAcknowledgements(true);
        try (EmbeddedBroker own = new EmbeddedBroker(dir, 0)) {
            own.start();
            try (CloudConsumer cloud = new CloudConsumer(own.url(), prefix(gw));
                    MqttUplink uplink = TestConfigs.startPlain(gw, own.url(), 32, store)) {
                cloud.awaitUntil("stream under way", all -> cloud.seqs(prefix(gw), Lane.TELEMETRY).size() >= 20);
                own.stop();
                // Until the consumer has subscribed again, keep sends back: the restarted broker has no sessions.
                store.holdReads(true);
                Await.until("link down", () -> uplink.state() != LinkState.UP);
                own.start();
                Await.until("consumer back", () -> cloud.subscriptions() >= 2);
                Await.until("up again", () -> uplink.state() == LinkState.UP, uplink::stats);
                assertEquals(300, store.totalDepth(), "every record is still queued after the outage");
                long publishedBefore = uplink.stats().publishedRecords();
                long acknowledgedBefore = uplink.stats().acknowledgedRecords();
                store.deferAcknowledgements(false);
                store.holdReads(false);
                uplink.wake();

                Await.until("store emptied", () -> store.totalDepth() == 0, uplink::stats);
                // The broker acknowledged the first records before its stop (in order, on one connection) and
                // had no sessions to keep them in: those are not sent again, everything after them is.
                Set<Long> expected = LongStream.rangeClosed(acknowledgedBefore + 1, 300).boxed()
                        .collect(Collectors.toCollection(TreeSet::new));
                Await.until("every record arrived after the restart",
                        () -> cloud.seqs(prefix(gw), Lane.TELEMETRY).containsAll(expected),
                        () -> missing(cloud.seqs(prefix(gw), Lane.TELEMETRY), 300) + " " + uplink.stats());
                assertTrue(publishedBefore >= 20, "records were published before the outage: " + publishedBefore);
                assertTrue(uplink.stats().publishedRecords() >= publishedBefore + 300 - acknowledgedBefore,
                        "everything still queued and not acknowledged was sent again: " + uplink.stats());
                cloud.awaitUntil("birth after the restart", all -> cloud.on(prefix(gw) + "/status").size() >= 2);
                assertEquals(2, uplink.stats().connects());
            }
        }
    }

    @Test
    void theBackoffKeepsClimbingWhileConnectionsDropQuicklyAndResetsOnceOneStaysUp() throws Exception {
        String gw = "flapping";
        LinkTimings stableAfter3s = new LinkTimings(Duration.ofSeconds(5), Duration.ofSeconds(3), Duration.ofSeconds(10), Duration.ofSeconds(2));
        try (TcpProxy proxy = new TcpProxy(broker.port());
                MqttUplink uplink = TestConfigs.startUplink(TestConfigs.plain(gw, proxy.url(), 8), new InMemoryRecordStore(), stableAfter3s)) {
            for (int cut = 1; cut <= 3; cut++) {
                int connects = cut;
                Await.until("up #" + cut, () -> uplink.state() == LinkState.UP && uplink.stats().connects() == connects, uplink::stats);
                proxy.cutAll();
                Await.until("backoff step " + cut + " after a short connection",
                        () -> uplink.stats().backoffAttempt() == connects, uplink::stats);
            }
            Await.until("up #4", () -> uplink.state() == LinkState.UP && uplink.stats().connects() == 4, uplink::stats);
            Await.until("backoff reset once the connection stayed up 3s", () -> uplink.stats().backoffAttempt() == 0, uplink::stats);

            List<String> threads = Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                    .filter(n -> n.equals("uplink") || n.endsWith(": " + gw)).sorted().toList();
            assertEquals(Set.copyOf(threads).size(), threads.size(), "no threads left over from abandoned clients: " + threads);
            assertTrue(threads.size() <= 6, threads.toString());
        }
    }

    @Test
    void keepsRetryingAFailedFirstConnectWithGrowingBackoffUntilTheBrokerAppears(@TempDir Path dir) throws Exception {
        String gw = "late-broker";
        InMemoryRecordStore store = new InMemoryRecordStore();
        store.appendMany(Lane.EVENTS, 5, 1);
        try (EmbeddedBroker late = new EmbeddedBroker(dir, 0);
                MqttUplink uplink = TestConfigs.startPlain(gw, late.url(), 8, store)) {
            Await.until("several failed attempts", () -> uplink.stats().failedConnects() >= 4, uplink::stats);
            UplinkStats failing = uplink.stats();
            assertTrue(failing.backoffAttempt() >= 3, failing.toString());
            assertTrue(failing.lastError().orElse("").contains("cannot reach broker 127.0.0.1:" + late.port()), failing.toString());
            assertEquals(0, failing.connects());

            late.start();
            try (CloudConsumer cloud = new CloudConsumer(late.url(), prefix(gw))) {
                Await.until("connected", () -> uplink.state() == LinkState.UP, uplink::stats);
                Await.until("store emptied", () -> store.totalDepth() == 0, uplink::stats);
            }
        }
    }

    @Test
    void abandonsAConnectThatHangsBeforeConnackAndTriesAgain() throws Exception {
        String gw = "silent-broker";
        InMemoryRecordStore store = new InMemoryRecordStore();
        store.appendMany(Lane.ALARMS, 2, 1);
        LinkTimings quick = new LinkTimings(Duration.ofMillis(500), Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofSeconds(2));
        try (TcpProxy proxy = new TcpProxy(broker.port())) {
            proxy.mode(TcpProxy.Mode.SILENT);
            try (MqttUplink uplink = TestConfigs.startUplink(TestConfigs.plain(gw, proxy.url(), 8), store, quick)) {
                Await.until("two abandoned attempts", () -> uplink.stats().failedConnects() >= 2, uplink::stats);
                assertTrue(uplink.stats().lastError().orElse("").contains("no CONNACK"), uplink.stats().toString());
                assertTrue(proxy.accepted() >= 2, "each attempt opened a new TCP connection");

                proxy.mode(TcpProxy.Mode.FORWARD);
                Await.until("connected once the broker answers", () -> uplink.state() == LinkState.UP, uplink::stats);
                Await.until("store emptied", () -> store.totalDepth() == 0, uplink::stats);
            }
        }
    }

    private static String missing(Set<Long> seqs, long upTo) {
        return "missing " + LongStream.rangeClosed(1, upTo).filter(s -> !seqs.contains(s)).boxed().toList();
    }

    private static void assertAlarmsHandedOutFirst(List<Key> order, int alarms) {
        for (int i = 0; i < order.size(); i++) {
            assertEquals(i < alarms ? Lane.ALARMS : Lane.TELEMETRY, order.get(i).lane(), "hand-out " + i + " of " + order);
        }
    }

    private static int indexOf(List<Received> all, String topic, long seq) {
        return all.stream().filter(r -> r.topic().equals(topic) && TestPayloads.seqOf(r.payload()) == seq)
                .mapToInt(Received::index).findFirst().orElseThrow();
    }

    private static List<String> statusStates(CloudConsumer cloud, String topic) {
        return cloud.on(topic).stream().map(r -> r.text().replaceAll("^\\{\"state\":\"(\\w+)\".*$", "$1")).toList();
    }

    /** The uplink thread and the Paho threads of client {@code clientId} (Paho names them "MQTT Rec: id" and so on). */
    /** Whether the (one live) {@code uplink} thread is parked in {@link Wakeup#await}, between passes. */
    private static boolean uplinkAsleep() {
        return Thread.getAllStackTraces().entrySet().stream()
                .filter(e -> e.getKey().getName().equals("uplink") && e.getKey().getState() == Thread.State.TIMED_WAITING)
                .anyMatch(e -> Arrays.stream(e.getValue()).anyMatch(
                        f -> f.getClassName().equals(Wakeup.class.getName()) && f.getMethodName().equals("await")));
    }

    static Set<String> uplinkThreads(String clientId) {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.equals("uplink") || n.startsWith("MQTT") && n.endsWith(": " + clientId))
                .collect(Collectors.toSet());
    }

    // ---- inbound: subscriptions, hand-over off Paho's thread, replies

    @Test
    void handsCommandsToTheHandlerOffPahosThreadAndRepliesWithTheCorrelationData() throws Exception {
        String gw = "inbound-echo";
        List<String> handlerThreads = new CopyOnWriteArrayList<>();
        MqttUplink uplink = inboundUplink(gw, broker.url());
        uplink.subscribe(prefix(gw) + "/cmd/+", message -> {
            handlerThreads.add(Thread.currentThread().getName());
            String text = new String(message.payload(), StandardCharsets.UTF_8);
            uplink.reply(message.responseTopic().orElseThrow(), message.correlationData(),
                    ("echo " + message.topic() + " " + text).getBytes(StandardCharsets.UTF_8));
        });
        uplink.start();
        try (uplink; CommandClient cloud = new CommandClient(broker.url())) {
            Await.until("uplink up", () -> uplink.state() == LinkState.UP);
            CommandClient.Reply reply = cloud.request(prefix(gw) + "/cmd/ping", "{}");
            assertEquals("echo " + prefix(gw) + "/cmd/ping {}", reply.text());
            assertEquals(List.of("uplink-inbound"), handlerThreads);
        }
    }

    @Test
    void aBurstOfCommandsGetsEveryReplyThroughTheFewReplySlots() throws Exception {
        String gw = "inbound-burst";
        MqttUplink uplink = inboundUplink(gw, broker.url());
        uplink.subscribe(prefix(gw) + "/cmd/+", message -> uplink.reply(message.responseTopic().orElseThrow(),
                message.correlationData(), message.payload()));
        uplink.start();
        try (uplink; CommandClient cloud = new CommandClient(broker.url())) {
            Await.until("uplink up", () -> uplink.state() == LinkState.UP);
            List<String> sent = IntStream.range(0, 40).mapToObj(i -> "{\"n\":" + i + "}").toList();
            List<String> answered = sent.parallelStream().map(payload -> {
                try {
                    return cloud.request(prefix(gw) + "/cmd/echo", payload).text();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }).toList();
            assertEquals(sent, answered, "every request got its own reply");
        }
    }

    @Test
    void subscribesAgainAfterEveryReconnect() throws Exception {
        String gw = "inbound-reconnect";
        try (TcpProxy proxy = new TcpProxy(broker.port())) {
            MqttUplink uplink = inboundUplink(gw, proxy.url());
            uplink.subscribe(prefix(gw) + "/cmd/+", message -> uplink.reply(message.responseTopic().orElseThrow(),
                    message.correlationData(), "pong".getBytes(StandardCharsets.UTF_8)));
            uplink.start();
            try (uplink; CommandClient cloud = new CommandClient(broker.url())) {
                Await.until("uplink up", () -> uplink.state() == LinkState.UP);
                assertEquals("pong", cloud.request(prefix(gw) + "/cmd/ping", "{}").text());
                proxy.cutAll();
                Await.until("reconnected", () -> uplink.stats().connects() == 2 && uplink.state() == LinkState.UP,
                        uplink::stats);
                assertEquals("pong", cloud.request(prefix(gw) + "/cmd/ping", "{}").text(),
                        "the new connection has the subscription again (clean start keeps none)");
            }
        }
    }

    @Test
    void subscribingAfterStartIsRefused() {
        MqttUplink uplink = inboundUplink("inbound-late", broker.url());
        uplink.start();
        try (uplink) {
            assertThrows(IllegalStateException.class, () -> uplink.subscribe("x/cmd/+", message -> { }));
        }
        assertTrue(!uplink.reply("x/replies", Optional.empty(), new byte[0]), "no replies once closed");
    }

    private static MqttUplink inboundUplink(String gw, String url) {
        return new MqttUplink(TestConfigs.plain(gw, url, 8), TestConfigs.identity(gw), new InMemoryRecordStore(),
                UplinkListener.NONE, new Random(7), FAST_TIMINGS, Clock.systemUTC());
    }
}
