package io.outpost.uplink;

import static io.outpost.uplink.TestConfigs.FAST_TIMINGS;
import static io.outpost.uplink.TestConfigs.prefix;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.config.TlsConfig;
import io.outpost.config.UplinkConfig;
import io.outpost.value.Lane;
import io.outpost.testing.Await;
import io.outpost.testing.CloudConsumer;
import io.outpost.testing.InMemoryRecordStore;
import io.outpost.testing.MosquittoBroker;
import io.outpost.testing.TestPki;
import io.outpost.testing.TestPki.KeyFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The uplink against a real Mosquitto process: plain TCP, TLS, mTLS, credentials, refused publishes, restarts. */
class MosquittoUplinkIT {

    @TempDir
    Path dir;

    @Test
    void deliversEverythingOverPlainTcpWithNothingMissingAcrossABrokerRestartMidStream() throws Exception {
        String gw = "mosq-restart";
        InMemoryRecordStore store = new InMemoryRecordStore();
        store.appendMany(Lane.TELEMETRY, 300, 500);
        store.appendMany(Lane.ALARMS, 3, 1);
        // Nothing is released before the stop, however fast the stream: the restart always finds
        // records queued, some of them already published once.
        store.deferAcknowledgements(true);
        try (MosquittoBroker broker = MosquittoBroker.persistent(dir.resolve("broker"))) {
            broker.start();
            try (CloudConsumer cloud = new CloudConsumer(broker.url("tcp"), prefix(gw), true);
                    MqttUplink uplink = TestConfigs.startPlain(gw, broker.url("tcp"), 32, store)) {
                cloud.awaitUntil("stream under way", all -> cloud.seqs(prefix(gw), Lane.TELEMETRY).size() >= 20);
                broker.stop();
                Await.until("link down", () -> uplink.state() != LinkState.UP);
                assertEquals(303, store.totalDepth(), "every record is still queued at the stop");
                store.deferAcknowledgements(false);
                broker.start();

                Await.until("store emptied", () -> store.totalDepth() == 0, uplink::stats);
                cloud.awaitUntil("every record arrived", all -> cloud.seqs(prefix(gw), Lane.TELEMETRY).size() == 300);
                assertEquals(LongStream.rangeClosed(1, 300).boxed().collect(Collectors.toCollection(TreeSet::new)),
                        cloud.seqs(prefix(gw), Lane.TELEMETRY));
                assertEquals(3, cloud.seqs(prefix(gw), Lane.ALARMS).size());
                assertTrue(uplink.stats().connects() >= 2, uplink.stats().toString());
                // What the broker had acknowledged before the stop stays out of the resend, even though the
                // store still held it: at most the window in flight at the stop goes out twice.
                assertTrue(uplink.stats().publishedRecords() <= 303 + 32, "only the in-flight window sent again: " + uplink.stats());
            }
        }
    }

    @Test
    void connectsOverTlsWhenTheServerCertificateChainsToTheConfiguredCa() throws Exception {
        TestPki pki = new TestPki(dir.resolve("pki"));
        TestPki.Pair ca = pki.authority("ca");
        TestPki.Pair server = pki.server(ca, "broker", "IP:127.0.0.1", "DNS:localhost");
        try (MosquittoBroker broker = MosquittoBroker.tls(dir.resolve("broker"), ca, server, null)) {
            broker.start();
            assertDelivers("tls-ok", TestConfigs.tls("tls-ok", broker.url("ssl"), caOnly(ca)));
        }
    }

    @Test
    void aServerCertificateFromAnotherCaIsRefusedWithAClearErrorAndRetried() throws Exception {
        TestPki pki = new TestPki(dir.resolve("pki"));
        TestPki.Pair ca = pki.authority("ca");
        TestPki.Pair stranger = pki.authority("stranger-ca");
        TestPki.Pair server = pki.server(ca, "broker", "IP:127.0.0.1");
        try (MosquittoBroker broker = MosquittoBroker.tls(dir.resolve("broker"), ca, server, null)) {
            broker.start();
            UplinkStats stats = assertKeepsFailing(TestConfigs.tls("tls-wrong-ca", broker.url("ssl"), caOnly(stranger)));
            String error = stats.lastError().orElse("");
            assertTrue(error.startsWith("TLS: server certificate of 127.0.0.1:" + broker.port() + " not trusted by uplink.tls.ca_file "
                    + stranger.cert()), error);
        }
    }

    @Test
    void tlsToAPlainPortSaysTheBrokerClosedTheHandshakeAndAsksWhetherItIsATlsPort() throws Exception {
        TestPki pki = new TestPki(dir.resolve("pki"));
        TestPki.Pair ca = pki.authority("ca");
        try (MosquittoBroker broker = MosquittoBroker.plain(dir.resolve("broker"))) {
            broker.start();
            UplinkStats stats = assertKeepsFailing(TestConfigs.tls("tls-to-plain", broker.url("ssl"), caOnly(ca)));
            String error = stats.lastError().orElse("");
            assertEquals("TLS: the broker 127.0.0.1:" + broker.port() + " closed the connection during the handshake;"
                    + " is this a TLS port?", error);
        }
    }

    @Test
    void twoGatewaysWithOneClientIdAreToldThatAnotherClientUsesIt() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.plain(dir.resolve("broker"))) {
            broker.start();
            UplinkConfig config = TestConfigs.plain("twin", broker.url("tcp"), 8);
            try (MqttUplink first = TestConfigs.startUplink(config, new InMemoryRecordStore(), FAST_TIMINGS)) {
                Await.until("first up", () -> first.state() == LinkState.UP, first::stats);
                try (MqttUplink second = TestConfigs.startUplink(config, new InMemoryRecordStore(), FAST_TIMINGS)) {
                    Await.until("the first one taken over", () -> first.stats().disconnects() >= 1, first::stats);
                    String error = first.stats().lastError().orElse("");
                    assertTrue(error.contains("another client probably uses this client id (twin)"), error);
                }
            }
        }
    }

    @Test
    void aServerCertificateForAnotherHostIsRefused() throws Exception {
        TestPki pki = new TestPki(dir.resolve("pki"));
        TestPki.Pair ca = pki.authority("ca");
        TestPki.Pair server = pki.server(ca, "broker", "DNS:elsewhere.example");
        try (MosquittoBroker broker = MosquittoBroker.tls(dir.resolve("broker"), ca, server, null)) {
            broker.start();
            UplinkStats stats = assertKeepsFailing(TestConfigs.tls("tls-wrong-host", broker.url("ssl"), caOnly(ca)));
            String error = stats.lastError().orElse("");
            assertTrue(error.startsWith("TLS: server certificate does not match host name 127.0.0.1"), error);
        }
    }

    @Test
    void mutualTlsConnectsWithTheClientCertificateAndIsRefusedWithout() throws Exception {
        TestPki pki = new TestPki(dir.resolve("pki"));
        TestPki.Pair serverCa = pki.authority("server-ca");
        TestPki.Pair clientCa = pki.authority("client-ca");
        TestPki.Pair server = pki.server(serverCa, "broker", "IP:127.0.0.1");
        TestPki.Pair client = pki.client(clientCa, "gateway", KeyFormat.PKCS1_RSA);
        try (MosquittoBroker broker = MosquittoBroker.tls(dir.resolve("broker"), serverCa, server, clientCa)) {
            broker.start();
            UplinkStats refused = assertKeepsFailing(TestConfigs.tls("mtls-no-cert", broker.url("ssl"), caOnly(serverCa)));
            assertTrue(refused.lastError().orElse("").startsWith("TLS: "), refused.toString());

            TlsConfig mtls = new TlsConfig(Optional.of(serverCa.cert()), Optional.of(client.cert()), Optional.of(client.key()));
            assertDelivers("mtls", TestConfigs.tls("mtls", broker.url("ssl"), mtls));
        }
    }

    @Test
    void readsThePasswordFileOnEachConnectAndNamesItWhenItIsMissing() throws Exception {
        Path brokerPasswords = dir.resolve("broker-passwd");
        Process passwd = new ProcessBuilder("mosquitto_passwd", "-b", "-c", brokerPasswords.toString(), "gw-user", "s3cret")
                .redirectErrorStream(true).start();
        assertTrue(passwd.waitFor(30, TimeUnit.SECONDS) && passwd.exitValue() == 0, "mosquitto_passwd");
        Path passwordFile = dir.resolve("mqtt.pass");
        try (MosquittoBroker broker = MosquittoBroker.withPasswords(dir.resolve("broker"), brokerPasswords)) {
            broker.start();
            String gw = "with-password";
            UplinkConfig config = TestConfigs.config(gw, broker.url("tcp"), 8, Optional.empty(), Optional.of("gw-user"),
                    Optional.of(passwordFile));
            InMemoryRecordStore store = new InMemoryRecordStore();
            store.appendMany(Lane.EVENTS, 3, 1);
            try (MqttUplink uplink = TestConfigs.startUplink(config, store, FAST_TIMINGS)) {
                Await.until("missing file reported", () -> uplink.stats().failedConnects() >= 2, uplink::stats);
                assertEquals("uplink.password_file " + passwordFile + ": cannot read (NoSuchFileException)",
                        uplink.stats().lastError().orElse(""));

                Files.writeString(passwordFile, "wrong\n");
                Await.until("wrong password refused by the broker (Mosquitto answers 0x87)",
                        () -> uplink.stats().lastError().orElse("").contains("refused the connection: reason 0x87 (Not authorized.)"),
                        uplink::stats);

                Files.writeString(passwordFile, "s3cret\n");
                Await.until("connected with the password from the file", () -> uplink.state() == LinkState.UP, uplink::stats);
                Await.until("store emptied", () -> store.totalDepth() == 0, uplink::stats);
            }
        }
    }

    @Test
    void aRecordTheBrokerRefusesStaysInTheStoreAndItsLaneIsRetriedWithoutSpinning() throws Exception {
        String gw = "acl";
        Path acl = dir.resolve("acl");
        Files.writeString(acl, aclAllowing(gw, "status", "alarms", "events"));
        InMemoryRecordStore store = new InMemoryRecordStore();
        store.appendMany(Lane.TELEMETRY, 5, 10);
        store.appendMany(Lane.ALARMS, 2, 1);
        try (MosquittoBroker broker = MosquittoBroker.withAcl(dir.resolve("broker"), acl)) {
            broker.start();
            try (CloudConsumer cloud = new CloudConsumer(broker.url("tcp"), prefix(gw));
                    MqttUplink uplink = TestConfigs.startPlain(gw, broker.url("tcp"), 8, store)) {
                Await.until("telemetry refused", () -> uplink.stats().refusedRecords() >= 5, uplink::stats);
                Await.until("alarms delivered", () -> store.depth(Lane.ALARMS) == 0, uplink::stats);
                assertEquals(5, store.depth(Lane.TELEMETRY), "refused records stay in the store");
                assertTrue(uplink.stats().lastError().orElse("").contains("reason 0x87"), uplink.stats().toString());
                long refusedSoFar = uplink.stats().refusedRecords();
                Thread.sleep(1_500); // let the holds run a few cycles
                long refusedLater = uplink.stats().refusedRecords();
                assertTrue(refusedLater - refusedSoFar < 150, "held between retries, not spinning: " + (refusedLater - refusedSoFar));
                assertEquals(LinkState.UP, uplink.state(), "a refused record does not drop the link");

                Files.writeString(acl, aclAllowing(gw, "status", "alarms", "events", "telemetry"));
                broker.reload();
                Await.until("telemetry delivered once allowed", () -> store.depth(Lane.TELEMETRY) == 0, uplink::stats);
                cloud.awaitUntil("consumer has it", all -> cloud.seqs(prefix(gw), Lane.TELEMETRY).size() == 5);
            }
        }
    }

    @Test
    void aRecordLargerThanTheBrokersMaximumPacketSizeIsHeldBackWithoutDroppingTheLink() throws Exception {
        String gw = "too-big";
        InMemoryRecordStore store = new InMemoryRecordStore();
        store.appendMany(Lane.TELEMETRY, 1, 100); // about 6 KB
        store.appendMany(Lane.EVENTS, 3, 1);
        try (MosquittoBroker broker = MosquittoBroker.plain(dir.resolve("broker"), "max_packet_size 2000")) {
            broker.start();
            try (MqttUplink uplink = TestConfigs.startPlain(gw, broker.url("tcp"), 8, store)) {
                Await.until("events delivered", () -> store.depth(Lane.EVENTS) == 0, uplink::stats);
                Await.until("the big record refused twice", () -> uplink.stats().refusedRecords() >= 2, uplink::stats);
                assertTrue(uplink.stats().lastError().orElse("").contains("exceeds the broker's Maximum Packet Size of 2000 bytes"),
                        uplink.stats().toString());
                assertEquals(1, store.depth(Lane.TELEMETRY), "kept in the store");
                assertEquals(1, uplink.stats().connects(), "the link stays up");
                assertEquals(LinkState.UP, uplink.state());
            }
        }
    }

    private static String aclAllowing(String gw, String... lanes) {
        StringBuilder acl = new StringBuilder("topic read " + prefix(gw) + "/#\n");
        for (String lane : lanes) {
            acl.append("topic write ").append(prefix(gw)).append('/').append(lane).append('\n');
        }
        return acl.toString();
    }

    private static TlsConfig caOnly(TestPki.Pair ca) {
        return new TlsConfig(Optional.of(ca.cert()), Optional.empty(), Optional.empty());
    }

    private static void assertDelivers(String gw, UplinkConfig config) throws Exception {
        InMemoryRecordStore store = new InMemoryRecordStore();
        store.appendMany(Lane.TELEMETRY, 20, 50);
        try (MqttUplink uplink = TestConfigs.startUplink(config, store, FAST_TIMINGS)) {
            Await.until("connected", () -> uplink.state() == LinkState.UP, uplink::stats);
            Await.until("store emptied", () -> store.totalDepth() == 0, uplink::stats);
            assertEquals(20, uplink.stats().acknowledgedRecords());
        }
    }

    /** Starts an uplink that cannot connect; returns its stats once it has failed and retried a few times. */
    private static UplinkStats assertKeepsFailing(UplinkConfig config) {
        InMemoryRecordStore store = new InMemoryRecordStore();
        store.appendMany(Lane.EVENTS, 1, 1);
        try (MqttUplink uplink = TestConfigs.startUplink(config, store, FAST_TIMINGS)) {
            Await.until("three failed attempts", () -> uplink.stats().failedConnects() >= 3, uplink::stats);
            UplinkStats stats = uplink.stats();
            assertEquals(0, stats.connects(), stats.toString());
            assertNotEquals(LinkState.UP, stats.state());
            assertEquals(1, store.totalDepth());
            return stats;
        }
    }
}
