package io.outpost.source.opcua;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.config.Deadband;
import io.outpost.config.ReportPolicy;
import io.outpost.source.opcua.OpcUaSourceConfig.Mode;
import io.outpost.source.opcua.OpcUaSourceConfig.Security;
import io.outpost.source.opcua.OpcUaSourceConfig.SecurityMode;
import io.outpost.source.opcua.OpcUaSourceConfig.SecurityPolicy;
import io.outpost.source.opcua.OpcUaSourceConfig.TimestampSource;
import io.outpost.source.opcua.pki.OwnCertificate;
import io.outpost.source.opcua.pki.ServerCertificates;
import io.outpost.source.opcua.pki.TrustList;
import io.outpost.testing.Await;
import io.outpost.testing.FreePorts;
import io.outpost.testing.MiloTestServer;
import io.outpost.value.Quality;
import io.outpost.value.Sample;
import io.outpost.value.Value;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The OPC UA source against a real Milo server in this JVM. */
class OpcUaSourceTest {

    private static MiloTestServer server;

    @TempDir
    Path dir;

    @BeforeAll
    static void startServer() throws Exception {
        server = new MiloTestServer(FreePorts.loopback()).start();
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    /** Collects the latest sample of every tag. */
    static final class Latest {
        final Map<String, Sample> byTag = new ConcurrentHashMap<>();
        final List<Sample> all = new CopyOnWriteArrayList<>();

        void accept(Sample s) {
            byTag.put(s.tag().name(), s);
            all.add(s);
        }

        Optional<Sample> get(String tag) {
            return Optional.ofNullable(byTag.get(tag));
        }

        boolean has(String tag, Quality quality, Value value) {
            Sample s = byTag.get(tag);
            return s != null && s.quality() == quality && s.value().equals(value);
        }
    }

    private static OpcUaSourceConfig config(String endpoint, Mode mode, Optional<String> user, Optional<Path> password,
            String... tagAndNode) {
        List<OpcUaTagConfig> tags = new ArrayList<>();
        for (int i = 0; i < tagAndNode.length; i += 2) {
            tags.add(new OpcUaTagConfig(tagAndNode[i], tagAndNode[i + 1], ReportPolicy.EVERY_CHANGE));
        }
        return new OpcUaSourceConfig("plc", endpoint, new Security(SecurityPolicy.NONE, SecurityMode.NONE, user, password), mode,
                Duration.ofMillis(100), TimestampSource.GATEWAY, tags);
    }

    private static final String[] EVERY_TYPE = {
        "double", "ns=2;s=Double", "float", "ns=2;s=Float", "int16", "ns=2;s=Int16", "int32", "ns=2;s=Int32",
        "int64", "ns=2;s=Int64", "uint32", "ns=2;s=UInt32", "bool", "ns=2;s=Boolean", "text", "ns=2;s=String",
        "by_uri", "nsu=" + MiloTestServer.NAMESPACE + ";s=Double", "server_state", "i=2259",
        "missing", "ns=2;s=NoSuchNode", "array", "ns=2;s=DoubleArray", "enumeration", "ns=2;s=Enumeration",
        "utc_time", "ns=2;s=UtcTime", "structure", "ns=2;s=Structure", "undeclared_array", "ns=2;s=UndeclaredArray"};

    private static void assertEveryType(Latest latest) {
        Await.until("every type read", () -> latest.byTag.size() == EVERY_TYPE.length / 2, () -> latest.byTag);
        assertEquals(Value.of(21.5), latest.get("double").orElseThrow().value());
        assertEquals(Value.of(1.25), latest.get("float").orElseThrow().value());
        assertEquals(Value.of(-7L), latest.get("int16").orElseThrow().value());
        assertEquals(Value.of(123456L), latest.get("int32").orElseThrow().value());
        assertEquals(Value.of(9_007_199_254_740_993L), latest.get("int64").orElseThrow().value());
        assertEquals(Value.of(4_000_000_000L), latest.get("uint32").orElseThrow().value());
        assertEquals(Value.of(true), latest.get("bool").orElseThrow().value());
        assertEquals(Value.of("hello"), latest.get("text").orElseThrow().value());
        assertEquals(Value.of(21.5), latest.get("by_uri").orElseThrow().value());
        assertEquals(Value.of(0L), latest.get("server_state").orElseThrow().value(), "ServerState Running");
        for (String tag : List.of("double", "float", "int16", "int32", "int64", "uint32", "bool", "text", "by_uri")) {
            assertEquals(Quality.GOOD, latest.get(tag).orElseThrow().quality(), tag);
        }
        Sample missing = latest.get("missing").orElseThrow();
        assertEquals(Quality.BAD, missing.quality());
        assertTrue(missing.value().toString().contains("Bad_NodeIdUnknown"), missing.toString());
        assertEquals(Value.of(0L), latest.get("enumeration").orElseThrow().value(), "an enumeration reads as its Int32");
        assertEquals(Value.of(java.time.Instant.parse("2026-01-02T03:04:05Z").toEpochMilli()),
                latest.get("utc_time").orElseThrow().value());
        for (String tag : List.of("enumeration", "utc_time")) {
            assertEquals(Quality.GOOD, latest.get(tag).orElseThrow().quality(), tag);
        }
        // Refused by the node check before any value flows, with the reason.
        assertEquals(Value.of("node ns=2;s=DoubleArray is an array of Double (ValueRank 1); only scalar values are read"),
                latest.get("array").orElseThrow().value());
        assertEquals(Quality.BAD, latest.get("array").orElseThrow().quality());
        assertEquals(Value.of("node ns=2;s=Structure is a structure (BuildInfo); only scalar values are read"),
                latest.get("structure").orElseThrow().value());
        assertEquals(Quality.BAD, latest.get("structure").orElseThrow().quality());
        // Declared ValueRank Any: passes the check, and the array that arrives is refused when delivered.
        Sample undeclared = latest.get("undeclared_array").orElseThrow();
        assertEquals(Quality.BAD, undeclared.quality());
        assertTrue(undeclared.value().toString().contains("unsupported value: an array"), undeclared.toString());
    }

    @Test
    void subscribeDeliversEveryScalarTypeAndLaterChangesWhileAMissingNodeIsBad() {
        Latest latest = new Latest();
        try (OpcUaSource source = new OpcUaSource(config(server.endpoint(), Mode.SUBSCRIBE, Optional.empty(),
                Optional.empty(), EVERY_TYPE), System::currentTimeMillis, dir.resolve("pki"))) {
            source.start(latest::accept);
            assertEveryType(latest);
            server.set("Double", 30.25);
            Await.until("change published", () -> latest.has("double", Quality.GOOD, Value.of(30.25)), () -> latest.byTag);
            assertTrue(source.health().up(), source.health().toString());
        } finally {
            server.set("Double", 21.5);
        }
    }

    @Test
    void anAbsoluteDeadbandIsAppliedByTheServer() {
        List<OpcUaTagConfig> tags = List.of(
                new OpcUaTagConfig("double", "ns=2;s=Double",
                        new ReportPolicy(Optional.of(new Deadband.Absolute(5.0)), Optional.empty())),
                new OpcUaTagConfig("marker", "ns=2;s=Int16", ReportPolicy.EVERY_CHANGE));
        Latest latest = new Latest();
        try (OpcUaSource source = new OpcUaSource(new OpcUaSourceConfig("plc", server.endpoint(), new Security(SecurityPolicy.NONE, SecurityMode.NONE, Optional.empty(), Optional.empty()), Mode.SUBSCRIBE,
                Duration.ofMillis(100), TimestampSource.GATEWAY, tags),
                System::currentTimeMillis, dir.resolve("pki"))) {
            source.start(latest::accept);
            Await.until("first values", () -> latest.byTag.size() == 2, () -> latest.byTag);
            server.set("Double", 22.0);
            server.set("Int16", (short) 11);
            Await.until("marker after the small change", () -> latest.has("marker", Quality.GOOD, Value.of(11L)),
                    () -> latest.byTag);
            server.set("Double", 40.0);
            Await.until("large change", () -> latest.has("double", Quality.GOOD, Value.of(40.0)), () -> latest.byTag);
            assertTrue(latest.all.stream().noneMatch(s -> s.value().equals(Value.of(22.0))), latest.all.toString());
        } finally {
            server.set("Double", 21.5);
            server.set("Int16", (short) -7);
        }
    }

    /** Every tag refused leaves nothing to subscribe or read: the source stays up and keeps the reasons. */
    @ParameterizedTest
    @EnumSource(Mode.class)
    void aSourceWhoseEveryNodeIsRefusedStaysUpWithTheReason(Mode mode) throws Exception {
        Latest latest = new Latest();
        Value reason = Value.of("node ns=2;s=DoubleArray is an array of Double (ValueRank 1); only scalar values are read");
        try (OpcUaSource source = new OpcUaSource(config(server.endpoint(), mode, Optional.empty(), Optional.empty(),
                "array", "ns=2;s=DoubleArray"), System::currentTimeMillis, dir.resolve("pki"))) {
            source.start(latest::accept);
            Await.until("refused with its reason, source up", () -> latest.has("array", Quality.BAD, reason)
                    && source.health().up(), () -> latest.all + " " + source.health());
            // Ten intervals in which an empty Read or an empty subscription would fail; nothing may.
            Thread.sleep(10 * config(server.endpoint(), mode, Optional.empty(), Optional.empty()).interval().toMillis());
            assertEquals(0, source.health().failures(), () -> source.health().toString());
            assertEquals(List.of(new Sample(latest.all.get(0).tag(), latest.all.get(0).tsMillis(), reason, Quality.BAD)),
                    latest.all, "one sample, the reason");
        }
    }

    @Test
    void pollReadsEveryNodeEachIntervalWhileAMissingNodeIsBad() {
        Latest latest = new Latest();
        try (OpcUaSource source = new OpcUaSource(config(server.endpoint(), Mode.POLL, Optional.empty(),
                Optional.empty(), EVERY_TYPE), System::currentTimeMillis, dir.resolve("pki"))) {
            source.start(latest::accept);
            assertEveryType(latest);
            server.set("Int32", 99);
            Await.until("change read", () -> latest.has("int32", Quality.GOOD, Value.of(99L)), () -> latest.byTag);
        } finally {
            server.set("Int32", 123456);
        }
    }

    @Test
    void usernameAndPasswordFromTheFileAreAccepted() throws Exception {
        Path password = Files.writeString(dir.resolve("password"), MiloTestServer.PASSWORD + "\n");
        Latest latest = new Latest();
        try (OpcUaSource source = new OpcUaSource(config(server.endpoint(), Mode.SUBSCRIBE,
                Optional.of(MiloTestServer.USER), Optional.of(password), "text", "ns=2;s=String"), System::currentTimeMillis, dir.resolve("pki"))) {
            source.start(latest::accept);
            Await.until("read as operator", () -> latest.has("text", Quality.GOOD, Value.of("hello")), () -> latest.byTag);
        }
    }

    @Test
    void aWrongPasswordIsRefusedAndReportedWhileTagsAreBad() throws Exception {
        Path password = Files.writeString(dir.resolve("password"), "wrong");
        Latest latest = new Latest();
        try (OpcUaSource source = new OpcUaSource(config(server.endpoint(), Mode.SUBSCRIBE,
                Optional.of(MiloTestServer.USER), Optional.of(password), "text", "ns=2;s=String"), System::currentTimeMillis, dir.resolve("pki"))) {
            source.start(latest::accept);
            Await.until("refusal reported", () -> source.health().lastError().isPresent(), source::health);
            assertFalse(source.health().up());
            assertTrue(source.health().lastError().get().contains("Bad_UserAccessDenied")
                    || source.health().lastError().get().contains("Bad_IdentityTokenRejected")
                    || source.health().lastError().get().contains("Bad_IdentityTokenInvalid"), source.health().toString());
            Await.until("tag bad", () -> latest.get("text").map(s -> s.quality() == Quality.BAD).orElse(false), () -> latest.byTag);
            assertTrue(latest.all.stream().noneMatch(s -> s.quality() == Quality.GOOD), latest.all.toString());
        }
    }

    @Test
    void aServerRestartTurnsTagsBadThenTheSubscriptionComesBackByItself() throws Exception {
        int port = FreePorts.loopback();
        MiloTestServer restarting = new MiloTestServer(port).start();
        Latest latest = new Latest();
        try (OpcUaSource source = new OpcUaSource(config(restarting.endpoint(), Mode.SUBSCRIBE, Optional.empty(),
                Optional.empty(), "double", "ns=2;s=Double"), System::currentTimeMillis, dir.resolve("pki"))) {
            source.start(latest::accept);
            Await.until("first value", () -> latest.has("double", Quality.GOOD, Value.of(21.5)), () -> latest.byTag);
            restarting.stop();
            Await.until("tag bad while down", () -> latest.get("double").map(s -> s.quality() == Quality.BAD).orElse(false),
                    () -> latest.byTag);
            restarting.start();
            restarting.set("Double", 42.0);
            Await.until("value after restart", Duration.ofSeconds(60),
                    () -> latest.has("double", Quality.GOOD, Value.of(42.0)), () -> latest.byTag);
        } finally {
            restarting.close();
        }
    }

    @Test
    void anUntrustedServerCertificateIsRejectedWithTheTrustCommandAndAcceptedOnceTrusted() throws Exception {
        Path pki = dir.resolve("pki");
        try (MiloTestServer secured = new MiloTestServer(FreePorts.loopback(), true).start()) {
            OpcUaSourceConfig config = new OpcUaSourceConfig("plc", secured.endpoint(), new Security(SecurityPolicy.BASIC256SHA256, SecurityMode.SIGN_AND_ENCRYPT, Optional.empty(), Optional.empty()), Mode.SUBSCRIBE,
                Duration.ofMillis(100), TimestampSource.GATEWAY, List.of(new OpcUaTagConfig("double", "ns=2;s=Double", ReportPolicy.EVERY_CHANGE)));
            Latest latest = new Latest();
            try (OpcUaSource source = new OpcUaSource(config, System::currentTimeMillis, pki)) {
                source.start(latest::accept);
                String expected = "server certificate not trusted: " + secured.certificate().getSubjectX500Principal().getName()
                        + ", SHA-256 " + TrustList.sha256(secured.certificate()) + "; trust it with `outpost pki trust ";
                Await.until("refused as untrusted", () -> source.health().lastError().map(e -> e.contains(expected)).orElse(false),
                        source::health);
                assertTrue(Files.exists(pki.resolve("own").resolve(OwnCertificate.FILE)), "own certificate created");
                assertTrue(latest.all.stream().noneMatch(s -> s.quality() == Quality.GOOD), latest.all.toString());

                TrustList trust = new TrustList(pki);
                assertEquals(1, trust.rejected().size());
                assertEquals(secured.certificate(), ServerCertificates.fetch(secured.endpoint()).orElseThrow(),
                        "what outpost pki fetch reads");
                trust.trustRejected(1);

                Await.until("values over the secured channel", () -> latest.has("double", Quality.GOOD, Value.of(21.5)),
                        () -> List.of(latest.byTag, source.health()));
            }
        }
    }

    @Test
    void anUnreachableEndpointIsReportedDownAndRetried() throws Exception {
        Latest latest = new Latest();
        try (OpcUaSource source = new OpcUaSource(config("opc.tcp://127.0.0.1:" + FreePorts.loopback() + "/none",
                Mode.POLL, Optional.empty(), Optional.empty(), "double", "ns=2;s=Double"), System::currentTimeMillis, dir.resolve("pki"))) {
            source.start(latest::accept);
            Await.until("two attempts failed", () -> source.health().failures() >= 2, source::health);
            assertFalse(source.health().up());
            assertTrue(source.health().lastError().orElseThrow().startsWith("cannot connect to opc.tcp://127.0.0.1:"),
                    source.health().toString());
            assertEquals(Quality.BAD, latest.get("double").orElseThrow().quality());
        }
    }

    /**
     * {@code timestamp:} decides which clock a sample carries. The server's value holds a
     * SourceTimestamp from the past; the server stamps its ServerTimestamp from its own clock when
     * it answers; the gateway's clock is fixed in another year: so each clock is recognised.
     */
    @Nested
    class Timestamps {

        private static final Instant DEVICE = Instant.parse("2021-03-04T05:06:07Z");
        /** The gateway's clock in these tests: fixed, so a sample stamped by it is recognised. */
        private static final Instant GATEWAY = Instant.parse("2023-03-04T05:06:07Z");

        @AfterEach
        void restoreTheValueTheOtherTestsRead() {
            server.set("Double", 21.5);
        }

        @ParameterizedTest
        @EnumSource(TimestampSource.class)
        void theChosenClockStampsPolledSamples(TimestampSource choice) {
            server.setStamped("Double", 1.5, DEVICE, null);
            assertStampedBy(choice, () -> firstSample(choice, Mode.POLL));
        }

        @ParameterizedTest
        @EnumSource(TimestampSource.class)
        void theChosenClockStampsSubscribedSamples(TimestampSource choice) {
            server.setStamped("Double", 2.5, DEVICE, null);
            assertStampedBy(choice, () -> firstSample(choice, Mode.SUBSCRIBE));
        }

        @Test
        void aSourceTimestampTheServerLeavesOutFallsBackToTheServerTimestamp() {
            server.setStamped("Double", 3.5, null, null);
            assertStampedBy(TimestampSource.SERVER, () -> firstSample(TimestampSource.SOURCE, Mode.POLL));
        }

        @Test
        void withNeitherTimestampEveryChoiceFallsBackToTheGatewayClock() {
            DataValue unstamped = new DataValue(new Variant(1.0), StatusCode.GOOD, null, DateTime.NULL_VALUE);
            for (TimestampSource choice : TimestampSource.values()) {
                assertEquals(GATEWAY.toEpochMilli(), new SampleClock(choice, GATEWAY::toEpochMilli).timeOf(unstamped),
                        choice.toString());
            }
        }

        /** The sample's time is the device's, the gateway's, or the server's clock while it was being read. */
        private static void assertStampedBy(TimestampSource clock, Supplier<Sample> read) {
            long before = System.currentTimeMillis();
            long ts = read.get().tsMillis();
            long after = System.currentTimeMillis();
            switch (clock) {
                case SOURCE -> assertEquals(DEVICE.toEpochMilli(), ts, clock.toString());
                case GATEWAY -> assertEquals(GATEWAY.toEpochMilli(), ts, clock.toString());
                case SERVER -> assertTrue(ts >= before && ts <= after, clock + ": " + ts + " not in [" + before + ", " + after + "]");
            }
        }

        private Sample firstSample(TimestampSource choice, Mode mode) {
            OpcUaSourceConfig config = new OpcUaSourceConfig("plc", server.endpoint(),
                    new Security(SecurityPolicy.NONE, SecurityMode.NONE, Optional.empty(), Optional.empty()), mode,
                    Duration.ofMillis(100), choice, List.of(new OpcUaTagConfig("double", "ns=2;s=Double", ReportPolicy.EVERY_CHANGE)));
            AtomicReference<Sample> first = new AtomicReference<>();
            try (OpcUaSource source = new OpcUaSource(config, GATEWAY::toEpochMilli, dir.resolve("pki"))) {
                source.start(sample -> first.compareAndSet(null, sample));
                Await.until("a sample", () -> first.get() != null, first::get);
            }
            return first.get();
        }
    }
}
