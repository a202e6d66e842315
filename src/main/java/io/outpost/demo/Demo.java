package io.outpost.demo;

import io.outpost.config.OutpostConfig;
import io.outpost.value.BuildInfo;
import io.outpost.gateway.Gateway;
import io.outpost.manage.GatewayStats;
import io.outpost.value.Lane;
import io.outpost.store.LaneStats;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import io.outpost.process.model.ModelStatus;
import java.util.stream.Stream;

/**
 * {@code outpost demo}: simulated devices, an in-process Modbus TCP device and an in-process OPC UA
 * server, the real gateway with a real on-disk queue, an in-process
 * MQTT 5 broker as the cloud and a consumer on it; the broker goes away for ten seconds in the middle.
 * The shipped model watches a simulated machine whose bearing fails halfway through, and an alarm
 * watches the model's score. Exit 0 only when every sample the store accepted reached the consumer
 * and the alarm was raised during the fault and cleared after it.
 */
public final class Demo {

    static final String GATEWAY_ID = "demo-gw";
    static final int OUTAGE_SECONDS = 10;
    static final int DRAIN_TIMEOUT_SECONDS = 60;

    private final int seconds;
    private final PrintStream out;

    private Demo(int seconds, PrintStream out) {
        this.seconds = seconds;
        this.out = out;
    }

    /** Entry point (called reflectively by the CLI through the demo's own class loader). */
    public static int run(int seconds, PrintStream out) throws Exception {
        quietBrokerLogging();
        Path work = Files.createTempDirectory("outpost-demo-");
        try {
            return new Demo(seconds, out).run(work);
        } finally {
            deleteTree(work);
        }
    }

    private int run(Path work) throws Exception {
        int outageStart = Math.max(3, seconds / 2 - OUTAGE_SECONDS / 2);
        int outageEnd = outageStart + OUTAGE_SECONDS;
        int stopAt = Math.max(outageEnd + 3, seconds - 3);
        DemoFault fault = DemoFault.halfwayThrough(seconds);
        Path model = DemoConfig.shippedModel();
        // The OPC UA server starts in the background while the broker starts: both take seconds.
        try (DemoOpcUaServer oven = new DemoOpcUaServer();
                EmbeddedBroker broker = new EmbeddedBroker(work.resolve("broker"), 0)) {
            broker.start();
            oven.awaitStarted();
            try (LinkRelay link = new LinkRelay(broker.port());
                    DemoConsumer cloud = new DemoConsumer(broker.port(), "outpost/" + GATEWAY_ID, DemoConfig.MACHINE_TAG,
                            DemoConfig.SCORE_TAG);
                    DemoModbusDevice plc = new DemoModbusDevice()) {
                cloud.connect();
                OutpostConfig config = DemoConfig.load(work, link.port(), plc.port(), oven.endpoint(), model, fault);
                out.printf("outpost demo: cloud broker on 127.0.0.1:%d (MQTT 5), gateway '%s', queue in %s%n",
                        broker.port(), GATEWAY_ID, work.resolve("data/queue"));
                out.printf("outpost demo: devices: modbus tcp 127.0.0.1:%d ('%s'), opc ua %s, security None ('%s')%n",
                        plc.port(), DemoConfig.MODBUS_SOURCE, oven.endpoint(), DemoConfig.OPCUA_SOURCE);
                out.printf("outpost demo: broker outage from %ds to %ds; sources stop at %ds; then the queue drains%n",
                        outageStart, outageEnd, stopAt);
                out.printf("outpost demo: model %s on '%s'; its bearing fails %ds after it starts, for %ds; alarm '%s' above %s, clear below %s%n",
                        model.getFileName(), DemoConfig.MACHINE_TAG, fault.afterSeconds(), fault.forSeconds(),
                        DemoConfig.ALARM, DemoConfig.ABOVE, DemoConfig.CLEAR);
                long startingAt = System.currentTimeMillis();
                try (Gateway gateway = Gateway.start(config, BuildInfo.load(), System::currentTimeMillis)) {
                    long started = System.nanoTime();
                    AlarmVerdict alarm = new AlarmVerdict(fault, startingAt, System.currentTimeMillis());
                    BrokerOutage outage = new BrokerOutage(broker, link, cloud, gateway, out);
                    for (int t = 1; t <= stopAt; t++) {
                        sleepUntil(started, t);
                        if (t == outageStart) {
                            outage.begin(started, outageEnd);
                        }
                        line(t, gateway.stats(), cloud, outage.brokerUp(), fault.faultyAt(System.currentTimeMillis(), cloud.firstReadingOfMachine()));
                    }
                    outage.awaitEnd();
                    gateway.stopSources();
                    out.println("outpost demo: sources stopped; draining the queue");
                    long lastSeq = drain(gateway, cloud, started);
                    return verdict(config, gateway.stats(), cloud, lastSeq, alarm);
                }
            }
        }
    }

    private long drain(Gateway gateway, DemoConsumer cloud, long started) throws InterruptedException {
        long lastSeq = 0;
        for (int waited = 0; waited < DRAIN_TIMEOUT_SECONDS; waited++) {
            GatewayStats stats = gateway.stats();
            LaneStats telemetry = stats.lanes().get(Lane.TELEMETRY);
            lastSeq = telemetry.lastSeq();
            if (telemetry.depth() == 0 && cloud.missingUpTo(lastSeq) == 0) {
                break;
            }
            Thread.sleep(1000);
            line(elapsedSeconds(started), gateway.stats(), cloud, true, false);
        }
        return lastSeq;
    }

    static void sleepUntil(long startedNanos, int second) throws InterruptedException {
        long wait = startedNanos + second * 1_000_000_000L - System.nanoTime();
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
    }

    private static int elapsedSeconds(long startedNanos) {
        return (int) ((System.nanoTime() - startedNanos) / 1_000_000_000L);
    }

    /** {@code faulty}: whether the machine's bearing is failing by the plan (the score shows whether it is). */
    private void line(int t, GatewayStats stats, DemoConsumer cloud, boolean brokerUp, boolean faulty) {
        LaneStats telemetry = stats.lanes().get(Lane.TELEMETRY);
        String score = stats.models().stream().filter(m -> m.name().equals(DemoConfig.MODEL)).findFirst()
                .map(Demo::score).orElse("-");
        boolean raised = stats.activeAlarms().stream().anyMatch(a -> a.name().equals(DemoConfig.ALARM));
        out.printf("t=%3ds polled=%d produced=%d queued=%d records (%d KB) delivered=%d link=%s broker=%s "
                        + "machine=%s score=%s alarm=%s alarm_records=%d%n",
                t, stats.samplesRead(), stats.samplesStored(), telemetry.depth(), telemetry.bytes() / 1024,
                cloud.deliveredSamples(), stats.link().name().toLowerCase(), brokerUp ? "up" : "down",
                faulty ? "FAULT" : "healthy", score, raised ? "RAISED" : "clear", cloud.alarms().size());
    }

    /** The last score, and the model's state when it is not running normally (it shows an older score then). */
    private static String score(ModelStatus model) {
        String last = model.lastScore().isPresent() ? String.format("%.4f", model.lastScore().getAsDouble()) : "-";
        return model.state().equals("ok") ? last : last + "(" + model.state() + ")";
    }

    private int verdict(OutpostConfig config, GatewayStats stats, DemoConsumer cloud, long lastSeq, AlarmVerdict alarm) {
        long produced = stats.samplesStored();
        long delivered = cloud.deliveredSamples();
        long missingRecords = cloud.missingUpTo(lastSeq);
        long lost = produced - delivered + stats.samplesRefused();
        out.printf("outpost demo: records=%d (seq 1..%d) missing=%d events=%d refused=%d malformed=%d%n",
                cloud.uniqueRecords(), lastSeq, missingRecords, cloud.events(), stats.samplesRefused(),
                cloud.malformed());
        stats.sources().forEach((name, health) -> {
            if (name.equals(DemoConfig.MODBUS_SOURCE)) {
                out.printf("outpost demo: modbus device '%s' polls=%d failures=%d%n", name, health.reads(), health.failures());
            } else if (name.equals(DemoConfig.OPCUA_SOURCE)) {
                out.printf("outpost demo: opc ua server '%s' notifications=%d failures=%d delivered_good=%d tags_good=%d/%d%n",
                        name, health.reads(), health.failures(), cloud.goodSamplesOf(name), cloud.goodTagsOf(name),
                        tagCount(config, name));
            }
        });
        out.printf("produced=%d delivered=%d lost=%d duplicates=%d%n", produced, delivered, lost, cloud.duplicates());
        boolean nothingLost = produced > 0 && lost == 0 && missingRecords == 0;
        boolean alarmed = alarm.judge(stats.models(), cloud, out);
        out.println(nothingLost && alarmed ? "outpost demo: PASS, nothing lost, the fault raised the alarm and its end cleared it"
                : "outpost demo: FAIL, " + (nothingLost ? "" : "samples were lost") + (nothingLost || alarmed ? "" : "; ")
                        + (alarmed ? "" : "the alarm did not follow the fault"));
        return nothingLost && alarmed ? 0 : 1;
    }

    private static int tagCount(OutpostConfig config, String source) {
        return config.sources().stream().filter(s -> s.name().equals(source)).mapToInt(s -> s.tags().size()).sum();
    }

    private static void quietBrokerLogging() {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "io/outpost/demo/logback-demo.xml");
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
