package io.outpost.gateway;

import io.outpost.threads.DaemonThreads;
import io.outpost.threads.Heartbeat;

import io.outpost.value.TagId;
import io.outpost.value.Lane;
import io.outpost.value.BuildInfo;
import io.outpost.manage.GatewayStats;

import io.outpost.config.OutpostConfig;
import io.outpost.config.ReportPolicy;
import io.outpost.config.SourceConfig;
import io.outpost.config.TagConfig;
import io.outpost.manage.AdminServer;
import io.outpost.manage.CommandRouter;
import io.outpost.manage.LocalCommands;
import io.outpost.manage.PingCommand;
import io.outpost.manage.SetOutputCommand;
import io.outpost.manage.StatusReply;
import io.outpost.manage.StatusReport;
import io.outpost.process.ExceptionFilter;
import io.outpost.process.TimeOrderGuard;
import io.outpost.source.Source;
import io.outpost.source.SourceContext;
import io.outpost.source.SourceHealth;
import io.outpost.source.SourceScheduler;
import io.outpost.store.DropListener;
import io.outpost.store.EventRecorder;
import io.outpost.store.MapDbRecordStore;
import io.outpost.store.RecordBatcher;
import io.outpost.store.RecordEncoder;
import io.outpost.store.StoredRecord;
import io.outpost.store.TelemetryTimes;
import io.outpost.uplink.MqttUplink;
import io.outpost.uplink.UplinkIdentity;
import io.outpost.uplink.UplinkListener;
import io.outpost.config.MetricsConfig;
import io.outpost.ops.GatewayMetrics;
import io.outpost.ops.MetricsEndpoint;
import io.outpost.store.LaneAges;
import java.util.concurrent.atomic.LongAdder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires the data path for one config (sources → models and alarms → exception filter → batcher → store →
 * uplink),
 * starts it in that order and stops it in the reverse one, so nothing a source produced is left
 * outside the store when the daemon stops.
 */
public final class Gateway implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Gateway.class);
    private static final int SOURCE_THREADS = 2;

    private final long startedNanos = System.nanoTime();
    private final MapDbRecordStore store;
    private final EventRecorder events;
    private final ScheduledExecutorService batchTimer;
    private final RecordBatcher batcher;
    private final ExceptionFilter filter;
    private final TimeOrderGuard timeOrder;
    private final Processing processing;
    private final SourceScheduler scheduler;
    private final List<Source> sources;
    private final MqttUplink uplink;
    private final LocalCommands localCommands;
    private final AtomicLong samplesRead = new AtomicLong();
    private final AtomicLong samplesStored = new AtomicLong();
    private final AtomicLong samplesRefused = new AtomicLong();
    private final SourceSampleCounts samplesBySource;
    private final LongAdder commandsHandled = new LongAdder();
    private final LongAdder commandsRefused = new LongAdder();
    private final LaneAges laneAges;
    private final Optional<GatewayMetrics> metrics;
    private Optional<MetricsEndpoint> metricsEndpoint = Optional.empty();
    /** Sources whose start failed, with why; they stay down, the others run. */
    private final Map<String, String> sourcesDown = new ConcurrentHashMap<>();
    private SourceWatch sourceWatch;
    private Optional<AdminServer> admin = Optional.empty();
    private boolean sourcesStopped;

    /**
     * Builds every part, starting none. What was built before a part failed (a store in use, a data
     * dir gone) is closed again, so a failed start leaves no thread or open file behind.
     */
    private Gateway(OutpostConfig config, BuildInfo build, String bootId, LongSupplier clock) {
        Deque<Runnable> built = new ArrayDeque<>();
        try {
            String gatewayId = config.gateway().id();
            Path dataDir = dataDir(config);
            RecordEncoder encoder = new RecordEncoder(gatewayId, bootId, config.uplink().encoding());

            this.scheduler = new SourceScheduler(SOURCE_THREADS);
            built.push(scheduler::close);
            SourceContext context = new SourceContext(scheduler, clock, dataDir.resolve("pki"));
            List<Source> sourcesBuilt = new ArrayList<>();
            built.push(() -> sourcesBuilt.forEach(Source::close));
            for (SourceConfig source : config.sources()) {
                sourcesBuilt.add(SourceTypes.standard().create(source, context));
            }
            this.sources = List.copyOf(sourcesBuilt);

            // The store reports drops through the event recorder, which itself writes to the store.
            AtomicReference<EventRecorder> eventSink = new AtomicReference<>();
            DropListener drops = (lane, first, last, count, reason) -> eventSink.get().record("drop", ordered(
                    "lane", lane.wireName(), "first_seq", first, "last_seq", last, "count", count, "reason", reason));
            this.store = openStore(dataDir.resolve("queue"), config, drops);
            built.push(store::close);
            this.laneAges = laneAges(store, clock);
            this.events = new EventRecorder(store, encoder, clock);
            eventSink.set(events);
            store.recoveredFrom().ifPresent(moved -> events.record("store-recovered", ordered(
                    "moved_to", moved.toString(), "reason", "store file was corrupt; a fresh one was started")));

            this.samplesBySource = new SourceSampleCounts(config);
            // Loaded only when an endpoint is configured: no metrics classes or histograms otherwise.
            this.metrics = config.metrics().flatMap(MetricsConfig::listen).map(listen -> new GatewayMetrics(
                    new GatewayMetrics.Inputs(this::stats, samplesBySource::snapshot, laneAges, this::commandCounts, clock)));
            metrics.ifPresent(m -> store.onCommitted(m::committed));
            this.uplink = new MqttUplink(config.uplink(), new UplinkIdentity(gatewayId, bootId, build.version()),
                    store, metrics.<UplinkListener>map(m -> m).orElse(UplinkListener.NONE), new SecureRandom());
            built.push(uplink::close);
            store.onAppended(uplink::wake);
            this.localCommands = wireCommands(config, build, bootId, clock);

            this.batchTimer = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("record-batcher"));
            built.push(batchTimer::shutdownNow);
            this.batcher = new RecordBatcher(store, encoder, config.uplink().batch(), batchTimer, clock, batchOutcome());
            // After the filter, so only samples that are sent count as restamped. Its times are written
            // on the store's writer thread, at most once a second, and the store keeps every telemetry
            // record they do not cover yet; so the guard starts from its times joined with the newest
            // ones in those records, read before any source runs. No source thread waits for a write.
            this.timeOrder = TimeOrderGuard.open(dataDir, policies(config).keySet(),
                    coveredSeq -> TelemetryTimes.newestAfter(store, coveredSeq), clock, batcher);
            store.coverTelemetry(timeOrder::persist);
            this.filter = new ExceptionFilter(policies(config), timeOrder);
            this.processing = Processing.build(config, dataDir, store.stats(Lane.ALARMS).lastSeq(), events, filter,
                    samplesRead, samplesBySource, clock);
            built.push(processing::close);
        } catch (RuntimeException | Error e) {
            built.forEach(close -> closeAfterFailure(close, e));
            throw e;
        }
    }

    /** Commands over MQTT (subscribed on the uplink) and the ones the local admin socket answers. */
    private LocalCommands wireCommands(OutpostConfig config, BuildInfo build, String bootId, LongSupplier clock) {
        String gatewayId = config.gateway().id();
        Map<String, Source> byName = new LinkedHashMap<>();
        sources.forEach(s -> byName.put(s.name(), s));
        PingCommand ping = new PingCommand(gatewayId, bootId, clock);
        StatusReply status = new StatusReply(() -> new StatusReport(gatewayId, build.version(), bootId, stats()));
        CommandRouter commands = new CommandRouter(config.uplink().topicPrefix(), Map.of("ping", ping, "status", status,
                "set-output", new SetOutputCommand(byName)), uplink::reply, (type, fields) -> {
                    if (type.equals("command-refused")) {
                        commandsRefused.increment();
                    }
                    events.record(type, fields);
                });
        uplink.subscribe(commands.topicFilter(), message -> {
            commandsHandled.increment();
            commands.handle(message);
        });
        return new LocalCommands(Map.of("ping", ping, "status", status));
    }

    private RecordBatcher.Outcome batchOutcome() {
        return new RecordBatcher.Outcome() {
            @Override
            public void stored(StoredRecord record, int samples) {
                samplesStored.addAndGet(samples);
            }

            @Override
            public void refused(int samples, Throwable cause) {
                samplesRefused.addAndGet(samples);
                events.record("refused", ordered("lane", Lane.TELEMETRY.wireName(), "samples", samples,
                        "reason", String.valueOf(cause.getMessage())));
            }
        };
    }

    private static void closeAfterFailure(Runnable close, Throwable failure) {
        try {
            close.run();
        } catch (RuntimeException closing) {
            failure.addSuppressed(closing);
        }
    }

    /**
     * Builds and starts the gateway for {@code config}, admin socket included: {@code run}, the demo and
     * the tests all start it this way. Fails before starting anything when a source cannot be built (an
     * unsupported type) or the data dir cannot be used.
     */
    public static Gateway start(OutpostConfig config, BuildInfo build, LongSupplier clock) {
        Gateway gateway = new Gateway(config, build, BootId.next(), clock);
        try {
            gateway.startParts(config, clock);
        } catch (RuntimeException | Error e) {
            closeAfterFailure(gateway::close, e);
            throw e;
        }
        return gateway;
    }

    private void startParts(OutpostConfig config, LongSupplier clock) {
        uplink.start();
        for (Source source : sources) {
            try {
                source.start(processing);
            } catch (RuntimeException | LinkageError e) {
                // LinkageError: a source's native library (libgpiod, a serial driver) that will not load here.
                sourceDown(source, e);
            }
        }
        for (SectionNotApplied section : SectionNotApplied.in(config)) {
            log.warn("event=section-not-applied section={} effect=\"{}\"", section.key(), section.effect());
        }
        events.record("started", ordered("sources", sources.size(), "config", config.file().toString()));
        watchSources();
        processing.start();
        batchTimer.scheduleWithFixedDelay(processing.alarms()::tick, 1, 1, TimeUnit.SECONDS);
        long healthEvery = config.metrics().orElse(MetricsConfig.ABSENT).publishInterval().toMillis();
        if (healthEvery > 0) {
            batchTimer.scheduleAtFixedRate(new HealthReport(this::stats, laneAges, events, clock), healthEvery, healthEvery,
                    TimeUnit.MILLISECONDS);
        }
        admin = AdminServer.start(config.gateway().adminSocket(), localCommands::answer);
        metricsEndpoint = metrics.map(m -> MetricsEndpoint.start(config.metrics().flatMap(MetricsConfig::listen)
                .orElseThrow(), m.registry()));
        log.info("event=gateway-started gw={} sources={} data_dir={}", config.gateway().id(), sources.size(),
                config.gateway().dataDir());
    }

    /**
     * A source that could not start (no device file, no permission, a library that would not load) is
     * reported once, as a {@code source-down} event and in its health, and released; it does not stop
     * the gateway or any other source.
     */
    private void sourceDown(Source source, Throwable e) {
        String reason = e.getMessage() != null ? e.getMessage() : e.toString();
        sourcesDown.put(source.name(), reason);
        events.record("source-down", ordered("source", source.name(), "reason", reason));
        try {
            source.close();
        } catch (RuntimeException closing) {
            log.warn("event=source-close-failed source={} error=\"{}\"", source.name(), closing.toString());
        }
    }

    /**
     * Source up/down transitions after start become events; the batcher's timer runs the check once a
     * second (a few health reads), so no thread is added for it.
     */
    private synchronized void watchSources() {
        sourceWatch = new SourceWatch(this::sourceHealth, events::record, Set.copyOf(sourcesDown.keySet()));
        batchTimer.scheduleWithFixedDelay(sourceWatch, 1, 1, TimeUnit.SECONDS);
    }

    /** The source named {@code name}, running or down. */
    public Optional<Source> source(String name) {
        return sources.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** Stops polling and closes the open record; the queue keeps draining to the broker. */
    public synchronized void stopSources() {
        if (sourcesStopped) {
            return;
        }
        sourcesStopped = true;
        if (sourceWatch != null) {
            sourceWatch.stop();
        }
        sources.forEach(Source::close);
        scheduler.close();
        processing.close();
        batcher.close();
    }

    /** The loops whose progress says the pipeline is alive (ops.PipelineWatchdog): the store writer, the uplink. */
    public List<Heartbeat> heartbeats() {
        return List.of(store.writerHeartbeat(), uplink.heartbeat());
    }

    public GatewayStats stats() {
        Map<Lane, io.outpost.store.LaneStats> lanes = new EnumMap<>(Lane.class);
        for (Lane lane : Lane.values()) {
            lanes.put(lane, store.stats(lane));
        }
        return new GatewayStats(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos), samplesRead.get(),
                filter.passed(), timeOrder.restamped(), samplesStored.get(), samplesRefused.get(), lanes, sourceHealth(), uplink.state(),
                uplink.stats(), processing.models().status(), processing.alarms().active());
    }

    private Map<String, SourceHealth> sourceHealth() {
        Map<String, SourceHealth> health = new LinkedHashMap<>();
        sources.forEach(s -> {
            String down = sourcesDown.get(s.name());
            health.put(s.name(), down != null ? new SourceHealth(false, 0, 1, Optional.of(down)) : s.health());
        });
        return health;
    }

    /**
     * Stops in order: the admin socket, the sources, then the open record into the store, then the
     * uplink, then the store.
     */
    @Override
    public void close() {
        metricsEndpoint.ifPresent(MetricsEndpoint::close);
        admin.ifPresent(AdminServer::close);
        stopSources();
        batchTimer.shutdownNow();
        uplink.close();
        store.close();
        log.info("event=gateway-stopped");
    }

    /** Commands over MQTT by result, for the metrics: a refusal is what the router reports as one. */
    private Map<String, Long> commandCounts() {
        long refused = commandsRefused.sum();
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("ok", Math.max(0, commandsHandled.sum() - refused));
        counts.put("refused", refused);
        return counts;
    }

    /** Marks when records were appended, after each commit (at most once a second per lane). */
    private static LaneAges laneAges(MapDbRecordStore store, LongSupplier clock) {
        Map<Lane, Long> lastSeqs = new EnumMap<>(Lane.class);
        for (Lane lane : Lane.values()) {
            lastSeqs.put(lane, store.stats(lane).lastSeq());
        }
        LaneAges ages = new LaneAges(lastSeqs, clock.getAsLong());
        store.onAppended(() -> {
            long now = clock.getAsLong();
            for (Lane lane : Lane.values()) {
                ages.appended(lane, store.stats(lane).lastSeq(), now);
            }
        });
        return ages;
    }

    private static Path dataDir(OutpostConfig config) {
        Path dir = config.gateway().dataDir();
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IllegalStateException("gateway.data_dir " + dir + " is a file, not a directory; move the file away"
                    + " or point gateway.data_dir at a directory");
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IllegalStateException("gateway.data_dir " + dir + " cannot be created (" + e.getMessage()
                    + "); create it and make it writable for the outpost user");
        }
        if (!Files.isWritable(dir)) {
            throw new IllegalStateException("gateway.data_dir " + dir + " is not writable; make it writable for the"
                    + " outpost user");
        }
        return dir;
    }

    private static MapDbRecordStore openStore(Path dir, OutpostConfig config, DropListener drops) {
        try {
            return MapDbRecordStore.open(dir, config.store(), drops);
        } catch (IOException e) {
            throw new IllegalStateException("the queue in " + dir + " cannot be opened: " + e.getMessage(), e);
        }
    }

    private static Map<TagId, ReportPolicy> policies(OutpostConfig config) {
        Map<TagId, ReportPolicy> policies = new HashMap<>();
        for (SourceConfig source : config.sources()) {
            for (TagConfig tag : source.tags()) {
                policies.put(new TagId(source.name(), tag.name()), tag.report());
            }
        }
        config.models().forEach(model -> policies.put(model.output(), ReportPolicy.EVERY_CHANGE));
        return policies;
    }

    private static Map<String, Object> ordered(Object... keyValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return map;
    }
}
