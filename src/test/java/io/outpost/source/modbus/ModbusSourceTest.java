package io.outpost.source.modbus;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.source.modbus.ModbusTagConfig.DataType;
import io.outpost.source.modbus.ModbusTagConfig.Order;
import io.outpost.source.modbus.ModbusTagConfig.Table;
import io.outpost.config.ReportPolicy;
import io.outpost.value.Quality;
import io.outpost.value.Sample;
import io.outpost.value.Value;
import io.outpost.value.SampleSink;
import io.outpost.source.SourceScheduler;
import io.outpost.source.WritableSource;
import io.outpost.source.WriteRefusedException;
import io.outpost.testing.Await;
import io.outpost.testing.FreePorts;
import io.outpost.testing.ModbusTestSlave;
import io.outpost.testing.TcpProxy;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ModbusSourceTest {

    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration TIMEOUT = Duration.ofMillis(300);

    /** Polls timed through the scheduler, by source. */
    private final Map<String, AtomicLong> timedPolls = new ConcurrentHashMap<>();
    private final SourceScheduler scheduler = new SourceScheduler(2,
            (source, nanos) -> timedPolls.computeIfAbsent(source, s -> new AtomicLong()).incrementAndGet());
    private final ModbusSources sources = new ModbusSources(scheduler, System::currentTimeMillis);
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        scheduler.close();
    }

    @Test
    void readsEveryTableAndDecodesTheTypes() throws Exception {
        ModbusTestSlave slave = slave(1, 20);
        slave.holding(0, 0xe979, 0x42f6);     // float32 123.456 in CDAB
        slave.input(4, 0xfffe);               // int16 -2
        slave.coil(3, true);
        slave.discrete(7, true);
        Collector samples = new Collector();
        start(config("dev", slave.port(), 1, List.of(
                tag("f", Table.HOLDING, 0, DataType.FLOAT32, Order.CDAB),
                tag("i", Table.INPUT, 4, DataType.INT16, Order.AB),
                tag("c", Table.COIL, 3, DataType.BOOL, Order.AB),
                tag("d", Table.DISCRETE, 7, DataType.BOOL, Order.AB),
                tag("d0", Table.DISCRETE, 6, DataType.BOOL, Order.AB))), samples);

        samples.awaitGood("f", Value.of(123.456));
        samples.awaitGood("i", Value.of(-2L));
        samples.awaitGood("c", Value.of(true));
        samples.awaitGood("d", Value.of(true));
        samples.awaitGood("d0", Value.of(false));
    }

    @Test
    void eachPollIsTimedUnderItsSourcesNameAnsweredOrFailed() throws Exception {
        ModbusTestSlave slave = slave(1, 20);
        Collector samples = new Collector();
        start(config("alive", slave.port(), 1, List.of(tag("i", Table.INPUT, 0, DataType.INT16, Order.AB))), samples);
        start(config("gone", FreePorts.loopback(), 1, List.of(tag("i", Table.INPUT, 0, DataType.INT16, Order.AB))),
                samples);
        Await.until("polls of both sources timed", () -> timedPolls.getOrDefault("alive", new AtomicLong()).get() >= 2
                && timedPolls.getOrDefault("gone", new AtomicLong()).get() >= 1, timedPolls::toString);
        assertEquals(Set.of("alive", "gone"), timedPolls.keySet());
    }

    @Test
    void writesApplyTypeOrderScaleAndOffsetInReverseAndReturnTheReadBack() throws Exception {
        ModbusTestSlave slave = slave(1, 20);
        Collector samples = new Collector();
        WritableSource source = start(config("dev", slave.port(), 1, List.of(
                new ModbusTagConfig("setpoint", Table.HOLDING, 0, DataType.INT16, Order.AB, 0.1, -5.0, ReportPolicy.EVERY_CHANGE),
                tag("wide", Table.HOLDING, 2, DataType.INT32, Order.CDAB),
                tag("f64", Table.HOLDING, 4, DataType.FLOAT64, Order.DCBA),
                tag("pump", Table.COIL, 1, DataType.BOOL, Order.AB),
                tag("sensor", Table.INPUT, 0, DataType.UINT16, Order.AB),
                tag("door", Table.DISCRETE, 0, DataType.BOOL, Order.AB))), samples);

        assertEquals(20.0, source.write("setpoint", Value.of(20.0)).asDouble(), 1e-9);
        assertEquals(250, slave.holding(0));
        assertEquals(Value.of(-100000L), source.write("wide", Value.of(-100000L)));
        assertEquals(0x7960, slave.holding(2));   // -100000 = 0xFFFE7960, low word first
        assertEquals(0xfffe, slave.holding(3));
        assertEquals(Value.of(123.456), source.write("f64", Value.of(123.456)));
        assertEquals(0x77be, slave.holding(4));
        assertEquals(Value.of(true), source.write("pump", Value.of(true)));
        assertTrue(slave.coil(1));
        samples.awaitGood("wide", Value.of(-100000L));

        assertRefused(source, "sensor", Value.of(1L), "read-only input");
        assertRefused(source, "door", Value.of(true), "read-only discrete");
        assertRefused(source, "nope", Value.of(1L), "does not exist");
        assertRefused(source, "setpoint", Value.of(5000.0), "out of range");
        assertRefused(source, "pump", Value.of(1L), "true or false");
    }

    @Test
    void theTcpPoolHasOneThreadPerOpenSourceUpToItsBound() throws Exception {
        Collector samples = new Collector();
        assertEquals(1, sources.tcpThreads(), "before any source");
        List<ModbusSource> made = new ArrayList<>();
        for (int i = 0; i < ModbusSources.TCP_THREADS + 2; i++) {
            ModbusTestSlave slave = slave(1, 10); // a device each: the test slave serves a few connections only
            slave.holding(0, 7);
            made.add(start(config("dev" + i, slave.port(), 1, List.of(
                    tag("r", Table.HOLDING, 0, DataType.UINT16, Order.AB))), samples));
            assertEquals(Math.min(i + 1, ModbusSources.TCP_THREADS), sources.tcpThreads(), "sources: " + (i + 1));
        }
        for (int i = 0; i < made.size(); i++) {
            samples.awaitGood("dev" + i + "/r", Value.of(7L));
        }
        made.get(0).close();
        made.get(0).close(); // a second close changes nothing
        made.get(1).close();
        made.get(2).close();
        assertEquals(3, sources.tcpThreads(), "three sources left");
    }

    @Test
    void aDeviceThatStopsAnsweringGoesBadWithoutSlowingTheOthersAndRecovers() throws Exception {
        ModbusTestSlave healthy = slave(1, 10);
        ModbusTestSlave flaky = slave(1, 10);
        flaky.holding(0, 42);
        healthy.holding(0, 7);
        TcpProxy proxy = new TcpProxy(flaky.port());
        open.add(proxy);
        Collector samples = new Collector();
        ModbusSource steady = start(config("steady", healthy.port(), 1,
                List.of(tag("v", Table.HOLDING, 0, DataType.UINT16, Order.AB))), samples);
        ModbusSource dying = start(config("dying", proxy.port(), 1,
                List.of(tag("v", Table.HOLDING, 0, DataType.UINT16, Order.AB))), samples);
        samples.awaitGood("dying/v", Value.of(42L));
        samples.awaitGood("steady/v", Value.of(7L));

        proxy.mode(TcpProxy.Mode.SILENT);
        proxy.cutAll();
        samples.await("dying/v goes bad", "dying/v", s -> s.quality() == Quality.BAD);
        long steadyBefore = steady.health().reads();
        long failuresBefore = dying.health().failures();
        Await.until("three more failed polls of the dead device", () -> dying.health().failures() >= failuresBefore + 3,
                dying::health);
        // Each failed poll of the dead device waits its 300 ms timeout; the healthy one polls every
        // 100 ms meanwhile, so it must have done several polls for each of those failures.
        long steadyPolls = steady.health().reads() - steadyBefore;
        assertTrue(steadyPolls >= 4, "healthy device polled only " + steadyPolls + " times during 3 timeouts of the dead one");
        assertTrue(steady.health().up());

        proxy.mode(TcpProxy.Mode.FORWARD);
        proxy.cutAll();
        samples.awaitGood("dying/v", Value.of(42L));
        Await.until("dead device back up", () -> dying.health().up(), dying::health);
    }

    @Test
    void exceptionResponsesGiveBadSamplesAndARefusedMergedBlockIsSplit() throws Exception {
        ModbusTestSlave slave = slave(1, 10);
        slave.holding(5, 55);
        Collector samples = new Collector();
        ModbusSource source = start(config("dev", slave.port(), 1, List.of(
                tag("inside", Table.HOLDING, 5, DataType.UINT16, Order.AB),
                tag("beyond", Table.HOLDING, 12, DataType.UINT16, Order.AB),
                tag("far", Table.INPUT, 50, DataType.UINT16, Order.AB))), samples);
        assertEquals(2, source.plan().size());

        samples.awaitGood("inside", Value.of(55L));
        samples.await("beyond is bad", "beyond", s -> s.quality() == Quality.BAD);
        samples.await("far is bad", "far", s -> s.quality() == Quality.BAD);
        assertEquals(3, source.plan().size(), "the refused holding block is remembered as per-tag reads");
        long polls = source.health().reads();
        Await.until("the poller keeps polling", () -> source.health().reads() >= polls + 5, source::health);
        assertTrue(source.health().lastError().orElseThrow().contains("exception 2"), source.health().toString());
    }

    @Test
    void aWrongUnitIdGivesBadSamplesAndTheDeviceRecoversWhenItAnswers() throws Exception {
        ModbusTestSlave slave = slave(1, 10);
        Collector samples = new Collector();
        ModbusSource source = start(config("dev", slave.port(), 9,
                List.of(tag("v", Table.HOLDING, 0, DataType.UINT16, Order.AB))), samples);
        samples.await("v is bad", "v", s -> s.quality() == Quality.BAD);
        long polls = source.health().reads();
        Await.until("the poller keeps polling", () -> source.health().reads() + source.skippedByBreaker() >= polls + 3,
                source::health);
        assertTrue(!source.health().up());
    }

    @Test
    void shortAndGarbledFramesGiveBadSamplesAndThePollerCarriesOn() throws Exception {
        try (GarbageServer garbage = new GarbageServer()) {
            Collector samples = new Collector();
            ModbusSource source = start(config("dev", garbage.port(), 1,
                    List.of(tag("v", Table.HOLDING, 0, DataType.UINT32, Order.ABCD))), samples);
            samples.await("v is bad", "v", s -> s.quality() == Quality.BAD);
            Await.until("several polls answered with garbage", () -> garbage.requests.get() >= 3, source::health);
            assertTrue(!source.health().up());
            assertTrue(source.health().lastError().isPresent());
        }
    }

    @Test
    void aDeviceThatClosesTheConnectionMidReplyIsReportedInWords() throws Exception {
        try (GarbageServer dropping = new GarbageServer(true)) {
            Collector samples = new Collector();
            ModbusSource source = start(config("dev", dropping.port(), 1,
                    List.of(tag("v", Table.HOLDING, 0, DataType.UINT32, Order.ABCD))), samples);
            samples.await("v is bad", "v", s -> s.quality() == Quality.BAD);
            Await.until("the reason in words", () -> source.health().lastError().orElse("")
                    .contains("the device closed the connection mid-reply"), source::health);
            assertFalse(source.health().lastError().orElse("").contains("Executing transaction"), source.health().toString());
        }
    }

    @Test
    void j2modTextsAreSaidInWordsAndAnUnknownOneLosesItsFrameDump() {
        assertEquals("the device closed the connection mid-reply", J2modLink.inWords(
                "Executing transaction 00 4C 00 00 00 06 01 03 00 00 00 02 failed (tried 1 times) Premature end of stream"
                + " (Message truncated) - null"));
        assertEquals("Illegal frame", J2modLink.inWords("Executing transaction 00 01 failed (tried 1 times) Illegal frame - null"));
    }

    private static void assertRefused(WritableSource source, String tag, Value value, String reason) {
        WriteRefusedException e = assertThrows(WriteRefusedException.class, () -> source.write(tag, value));
        assertTrue(e.getMessage().contains(reason) && e.getMessage().contains(tag), e.getMessage());
    }

    private ModbusTestSlave slave(int unitId, int size) throws Exception {
        ModbusTestSlave slave = new ModbusTestSlave(unitId, size).start();
        open.add(slave);
        return slave;
    }

    private ModbusSource start(ModbusTcpSourceConfig config, SampleSink sink) {
        ModbusSource source = sources.tcp(config);
        open.add(source);
        source.start(sink);
        return source;
    }

    static ModbusTcpSourceConfig config(String name, int port, int unitId, List<ModbusTagConfig> tags) {
        return new ModbusTcpSourceConfig(name, "127.0.0.1", port, unitId, POLL, TIMEOUT, 10, tags);
    }

    static ModbusTagConfig tag(String name, Table table, int address, DataType type, Order order) {
        return new ModbusTagConfig(name, table, address, type, order, 1.0, 0.0, ReportPolicy.EVERY_CHANGE);
    }

    /** The latest sample of each tag, by {@code source/tag} and by bare tag name. */
    static final class Collector implements SampleSink {
        final Map<String, Sample> latest = new ConcurrentHashMap<>();

        @Override
        public void accept(Sample sample) {
            latest.put(sample.tag().toString(), sample);
            latest.put(sample.tag().name(), sample);
        }

        void awaitGood(String tag, Value expected) {
            await(tag + " = " + expected, tag, s -> s.quality() == Quality.GOOD && s.value().equals(expected));
        }

        void await(String what, String tag, java.util.function.Predicate<Sample> condition) {
            Await.until(what, () -> latest.containsKey(tag) && condition.test(latest.get(tag)), () -> latest.get(tag));
        }
    }

    /** Answers every request with a frame whose byte count promises more than it carries. */
    static final class GarbageServer implements AutoCloseable {
        final AtomicLong requests = new AtomicLong();
        private final ServerSocket server = new ServerSocket();
        private final Thread thread;

        private final boolean closeMidReply;

        GarbageServer() throws IOException {
            this(false);
        }

        /** {@code closeMidReply}: writes the first bytes of a reply and closes the connection. */
        GarbageServer(boolean closeMidReply) throws IOException {
            this.closeMidReply = closeMidReply;
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            thread = new Thread(this::serve, "garbage-modbus");
            thread.setDaemon(true);
            thread.start();
        }

        int port() {
            return server.getLocalPort();
        }

        private void serve() {
            while (!server.isClosed()) {
                try (Socket s = server.accept(); InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                    byte[] request = new byte[12];
                    while (in.readNBytes(request, 0, 12) == 12) {
                        requests.incrementAndGet();
                        if (closeMidReply) {
                            out.write(new byte[] {request[0], request[1], 0, 0, 0, 7, request[6]});
                            out.flush();
                            break;
                        }
                        // MBAP says 5 bytes follow; the PDU claims 4 data bytes but carries 2.
                        out.write(new byte[] {request[0], request[1], 0, 0, 0, 5, request[6], 3, 4, 0, 1});
                        out.flush();
                    }
                } catch (IOException e) {
                    // client went away; take the next one
                }
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
