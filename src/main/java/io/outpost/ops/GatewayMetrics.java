package io.outpost.ops;

import io.outpost.log.RepeatedLines;
import io.outpost.manage.GatewayStats;
import io.outpost.process.alarm.ActiveAlarm;
import io.outpost.store.LaneAges;
import io.outpost.store.LaneStats;
import io.outpost.store.TelemetryTags;
import io.outpost.uplink.LinkState;
import io.outpost.uplink.UplinkListener;
import io.outpost.value.Lane;
import io.outpost.value.Sample;
import io.outpost.value.TagId;
import io.outpost.value.Value;
import io.prometheus.metrics.config.MetricsProperties;
import io.prometheus.metrics.config.PrometheusProperties;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.instrumentation.jvm.JvmBufferPoolMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmClassLoadingMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmCompilationMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmGarbageCollectorMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmMemoryMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmRuntimeInfoMetric;
import io.prometheus.metrics.instrumentation.jvm.JvmThreadsMetrics;
import io.prometheus.metrics.instrumentation.jvm.ProcessMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's figures as Prometheus metrics, {@code outpost_*} with the unit in the name. Most are read
 * at scrape time from one {@link GatewayStats} snapshot (the same counters {@code outpost status}
 * shows), so the data path keeps no second set of counters; what needs a measurement per event (publish
 * to PUBACK, the samples of each acknowledged record) is fed through {@link UplinkListener}, the polls
 * and model runs through {@link WorkDurations}. Labels are bounded by the config: {@code source},
 * {@code lane}, {@code model}, {@code severity}, {@code state}; a tag only when {@code metrics.tag_labels}
 * asks for it (at most {@link io.outpost.config.MetricsConfig#MAX_TAG_LABELS}).
 *
 * <p>Read by the metrics endpoint's thread; the PUBACK figures are written on the {@code uplink} thread.
 */
public final class GatewayMetrics implements UplinkListener {

    private static final Logger log = LoggerFactory.getLogger(GatewayMetrics.class);

    /** What a scrape reads: the snapshot, the samples each source read, the lanes' ages, the commands. */
    public record Inputs(Supplier<GatewayStats> stats, Supplier<Map<String, Long>> samplesReadBySource,
            LaneAges laneAges, Supplier<Map<String, Long>> commandsByResult, WorkDurations durations,
            Supplier<Map<TagId, Sample>> labelledTagValues, LongSupplier clock) {
    }

    /**
     * No exemplars (no traces to link to, and sampling them starts the library's scheduler thread on the
     * first increment) and classic histograms only (native ones need the protobuf format).
     */
    static final PrometheusProperties PROPERTIES = PrometheusProperties.builder()
            .defaultMetricsProperties(MetricsProperties.builder().exemplarsEnabled(false).histogramClassicOnly(true).build())
            .build();
    private static final String[] SEVERITIES = {"critical", "major", "minor", "info"};

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Inputs inputs;
    private final Histogram publishToAck;
    private final Counter sentBytes;
    private final Counter acknowledged;
    private final Histogram commit;
    private final Counter samplesSent;
    private final RepeatedLines repeats = new RepeatedLines();
    private volatile Snapshot last;

    public GatewayMetrics(Inputs inputs) {
        this.inputs = inputs;
        registerJvm();
        registerSamples();
        registerSources();
        registerLanes();
        registerUplink();
        registerModelsAlarmsCommands();
        inputs.durations().register(registry);
        publishToAck = Histogram.builder(PROPERTIES).name("outpost_publish_ack_duration_seconds")
                .help("Time from handing a record to the MQTT client to its PUBACK").labelNames("lane")
                .classicUpperBounds(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30)
                .register(registry);
        sentBytes = Counter.builder(PROPERTIES).name("outpost_sent_payload_bytes_total")
                .help("Payload bytes of records the broker acknowledged").labelNames("lane").register(registry);
        acknowledged = Counter.builder(PROPERTIES).name("outpost_records_acknowledged_total")
                .help("Records the broker acknowledged (a record resent after a reconnect and acknowledged twice counts twice)")
                .labelNames("lane").register(registry);
        commit = Histogram.builder(PROPERTIES).name("outpost_store_commit_duration_seconds")
                .help("Time a commit of the store file took (the group commit that makes records durable)")
                .classicUpperBounds(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5)
                .register(registry);
        samplesSent = Counter.builder(PROPERTIES).name("outpost_samples_sent_total")
                .help("Samples in telemetry records the broker acknowledged, by the source of their tag (a record"
                        + " resent after a reconnect and acknowledged twice counts twice)")
                .labelNames("source").register(registry);
        inputs.samplesReadBySource().get().keySet().forEach(samplesSent::initLabelValues);
        for (Lane lane : Lane.values()) {
            publishToAck.initLabelValues(lane.wireName());
            sentBytes.initLabelValues(lane.wireName());
            acknowledged.initLabelValues(lane.wireName());
        }
    }

    /** What the endpoint serves. */
    public PrometheusRegistry registry() {
        return registry;
    }

    @Override
    public void acknowledged(Lane lane, byte[] payload, long publishToAckNanos) {
        publishToAck.labelValues(lane.wireName()).observe(publishToAckNanos / 1e9);
        sentBytes.labelValues(lane.wireName()).inc(payload.length);
        acknowledged.labelValues(lane.wireName()).inc();
        if (lane == Lane.TELEMETRY) {
            countSent(payload);
        }
    }

    /**
     * The samples of an acknowledged telemetry record, per source (the source part of each sample's tag):
     * read back from the payload, since the store keeps no count beside a record. One read of a record
     * per PUBACK, on the {@code uplink} thread, only with the endpoint configured.
     */
    private void countSent(byte[] payload) {
        try {
            TelemetryTags.samplesBySource(payload).forEach((source, n) -> samplesSent.labelValues(source).inc(n));
        } catch (IllegalArgumentException e) {
            repeats.admit("metrics-record-unreadable").ifPresent(repeated -> log.warn(
                    "event=metrics-record-unreadable lane=telemetry error=\"{}\" effect=\"its samples are not in"
                    + " outpost_samples_sent_total\"{}", e.getMessage(), repeated));
        }
    }

    /**
     * The library's JVM and process metrics (heap and pools, GC, threads, classes, buffers, RSS, CPU,
     * file descriptors), all of {@code JvmMetrics} but the allocation counters: they count on every GC
     * notification and start the library's scheduler thread; and native memory, off without NMT.
     */
    private void registerJvm() {
        JvmMemoryMetrics.builder(PROPERTIES).register(registry);
        JvmGarbageCollectorMetrics.builder(PROPERTIES).register(registry);
        JvmThreadsMetrics.builder(PROPERTIES).register(registry);
        JvmClassLoadingMetrics.builder(PROPERTIES).register(registry);
        JvmBufferPoolMetrics.builder(PROPERTIES).register(registry);
        JvmCompilationMetrics.builder(PROPERTIES).register(registry);
        JvmRuntimeInfoMetric.builder(PROPERTIES).register(registry);
        ProcessMetrics.builder(PROPERTIES).register(registry);
    }

    /** A store commit took {@code nanos}; on the {@code store-writer} thread. */
    public void committed(long nanos) {
        commit.observe(nanos / 1e9);
    }

    private void registerSamples() {
        counter("outpost_samples_read", "Samples the sources produced", "source", (cb) -> inputs.samplesReadBySource().get()
                .forEach((source, n) -> cb.accept(source, n.doubleValue())));
        total("outpost_samples_passed", "Samples the exception filter passed on (models' outputs included)",
                GatewayStats::samplesPassed);
        total("outpost_samples_restamped", "Samples passed on whose timestamp was raised to keep their tag in time order",
                GatewayStats::samplesRestamped);
        total("outpost_samples_stored", "Samples in records the store committed", GatewayStats::samplesStored);
        total("outpost_samples_refused", "Samples in records the store refused (full with reject-new, or failing)",
                GatewayStats::samplesRefused);
        gauge("outpost_uptime_seconds", "Time since the gateway started", "", cb -> cb.accept(null,
                stats().uptimeMillis() / 1000.0));
    }

    private void registerSources() {
        gauge("outpost_source_up", "1 when the source's last read succeeded", "source",
                cb -> stats().sources().forEach((name, h) -> cb.accept(name, h.up() ? 1 : 0)));
        counter("outpost_source_reads", "Reads the source attempted", "source",
                cb -> stats().sources().forEach((name, h) -> cb.accept(name, (double) h.reads())));
        counter("outpost_source_read_failures", "Reads of the source that failed", "source",
                cb -> stats().sources().forEach((name, h) -> cb.accept(name, (double) h.failures())));
        counter("outpost_source_missed_polls", "Polls left out because the one before was still running (missed deadlines)",
                "source", cb -> stats().sources().forEach((name, h) -> cb.accept(name, (double) h.missedPolls())));
    }

    private void registerLanes() {
        lane("outpost_queue_records", "Records waiting in the store for their PUBACK", false, LaneStats::depth);
        lane("outpost_queue_bytes", "Payload bytes of the records waiting in the store", false, LaneStats::bytes);
        lane("outpost_queue_last_seq", "Last seq the lane assigned (persisted; a consumer has every record up to it"
                + " once the lane is empty)", false, LaneStats::lastSeq);
        lane("outpost_queue_dropped_records", "Records the size limit dropped since the store file was created", true,
                LaneStats::droppedRecords);
        gauge("outpost_queue_oldest_age_seconds", "Age of the oldest record waiting, 0 when the lane is empty", "lane",
                cb -> {
                    Snapshot s = snapshot();
                    s.stats.lanes().forEach((lane, ls) -> cb.accept(lane.wireName(),
                            inputs.laneAges().oldestAgeMillis(lane, ls.firstSeq(), s.takenMillis) / 1000.0));
                });
    }

    private void registerUplink() {
        gauge("outpost_uplink_up", "1 while the link to the broker is up", "", cb -> cb.accept(null,
                stats().link() == LinkState.UP ? 1 : 0));
        gauge("outpost_uplink_state", "1 for the link's current state", "state", cb -> {
            LinkState now = stats().link();
            for (LinkState state : LinkState.values()) {
                cb.accept(state.name().toLowerCase(Locale.ROOT), now == state ? 1 : 0);
            }
        });
        total("outpost_uplink_connects", "Connections that came up", g -> g.uplink().connects());
        total("outpost_uplink_connect_failures", "Connect attempts that failed", g -> g.uplink().failedConnects());
        total("outpost_uplink_disconnects", "Connections lost or closed after being up (each is followed by a reconnect)",
                g -> g.uplink().disconnects());
        total("outpost_records_published", "Record publishes handed to the MQTT client (resends count again)",
                g -> g.uplink().publishedRecords());
        total("outpost_records_refused", "Publishes the broker refused with an error reason code",
                g -> g.uplink().refusedRecords());
        gauge("outpost_uplink_inflight_records", "Record publishes waiting for their PUBACK", "",
                cb -> cb.accept(null, stats().uplink().inflight()));
        gauge("outpost_uplink_window_records", "In-flight limit of the current connection, 0 when down", "",
                cb -> cb.accept(null, stats().uplink().window()));
    }

    private void registerModelsAlarmsCommands() {
        counter("outpost_model_runs", "Model runs that gave a score", "model",
                cb -> stats().models().forEach(m -> cb.accept(m.name(), (double) m.runs())));
        counter("outpost_model_failures", "Model runs the runtime failed", "model",
                cb -> stats().models().forEach(m -> cb.accept(m.name(), (double) m.failures())));
        counter("outpost_model_skipped", "Model runs skipped for a bad reading or a gap", "model",
                cb -> stats().models().forEach(m -> cb.accept(m.name(), (double) m.skipped())));
        gauge("outpost_alarms_active", "Alarms raised and not cleared", "severity", cb -> {
            var active = stats().activeAlarms();
            for (String severity : SEVERITIES) {
                cb.accept(severity, active.stream().map(ActiveAlarm::severity)
                        .filter(s -> s.equalsIgnoreCase(severity)).count());
            }
        });
        gauge("outpost_tag_value", "Last reading of a tag metrics.tag_labels asks for (numbers, booleans as 0 or 1;"
                + " none for text or a reading without a value)", "tag", cb -> inputs.labelledTagValues().get()
                .forEach((tag, sample) -> {
                    if (sample.value() instanceof Value.Num || sample.value() instanceof Value.Int
                            || sample.value() instanceof Value.Bool) {
                        cb.accept(tag.toString(), sample.value().asDouble());
                    }
                }));
        counter("outpost_commands", "Commands received over MQTT, by result (ok, refused)", "result",
                cb -> inputs.commandsByResult().get().forEach((result, n) -> cb.accept(result, n.doubleValue())));
    }

    private void lane(String name, String help, boolean counter, ToDoubleFunction<LaneStats> value) {
        Consumer2 each = cb -> stats().lanes().forEach((lane, ls) -> cb.accept(lane.wireName(), value.applyAsDouble(ls)));
        if (counter) {
            counter(name, help, "lane", each);
        } else {
            gauge(name, help, "lane", each);
        }
    }

    private void total(String name, String help, ToDoubleFunction<GatewayStats> value) {
        counter(name, help, "", cb -> cb.accept(null, value.applyAsDouble(stats())));
    }

    /** Emits {@code (labelValue, value)}; label value null for a metric without a label. */
    private interface Consumer2 {
        void each(Out out);
    }

    private interface Out {
        void accept(String labelValue, double value);
    }

    private void counter(String name, String help, String label, Consumer2 values) {
        CounterWithCallback.Builder b = CounterWithCallback.builder(PROPERTIES).name(name).help(help);
        if (!label.isEmpty()) {
            b.labelNames(label);
        }
        b.callback(cb -> values.each((l, v) -> call(l, v, cb::call))).register(registry);
    }

    private void gauge(String name, String help, String label, Consumer2 values) {
        GaugeWithCallback.Builder b = GaugeWithCallback.builder(PROPERTIES).name(name).help(help);
        if (!label.isEmpty()) {
            b.labelNames(label);
        }
        b.callback(cb -> values.each((l, v) -> call(l, v, cb::call))).register(registry);
    }

    private interface LabelledCall {
        void call(double value, String... labelValues);
    }

    private static void call(String label, double value, LabelledCall call) {
        if (label == null) {
            call.call(value);
        } else {
            call.call(value, label);
        }
    }

    private GatewayStats stats() {
        return snapshot().stats;
    }

    /**
     * One snapshot serves every metric of a scrape: the metrics of one scrape agree with each other, and
     * the store and the sources are asked once, not once per metric.
     */
    private Snapshot snapshot() {
        long now = inputs.clock().getAsLong();
        Snapshot s = last;
        if (s == null || now - s.takenMillis > 500 || now < s.takenMillis) {
            s = new Snapshot(inputs.stats().get(), now);
            last = s;
        }
        return s;
    }

    private record Snapshot(GatewayStats stats, long takenMillis) {
    }
}
