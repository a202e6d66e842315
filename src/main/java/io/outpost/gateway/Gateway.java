package io.outpost.gateway;

import io.outpost.threads.DaemonThreads;
import io.outpost.threads.Heartbeat;

import io.outpost.value.Sample;
import io.outpost.value.Durations;
import io.outpost.value.TagId;
import io.outpost.process.alarm.Alarms;
import io.outpost.value.Lane;
import io.outpost.value.BuildInfo;
import io.outpost.manage.GatewayStats;

import io.outpost.config.OutpostConfig;
import io.outpost.config.ReportPolicy;
import io.outpost.config.SourceConfig;
import io.outpost.config.TagConfig;
import io.outpost.config.UplinkConfig;
import io.outpost.manage.AdminServer;
import io.outpost.manage.CommandHandler;
import io.outpost.manage.CommandRefusedException;
import io.outpost.manage.QueuePurgeCommand;
import io.outpost.manage.ReadingRate;
import io.outpost.manage.QueueStatsCommand;
import io.outpost.manage.ReloadCommand;
import io.outpost.manage.TagsCommand;
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
import io.outpost.store.RecordTimes;
import io.outpost.store.StoredRecord;
import io.outpost.store.TelemetryTimes;
import io.outpost.uplink.MqttUplink;
import io.outpost.uplink.UplinkIdentity;
import io.outpost.uplink.UplinkListener;
import io.outpost.uplink.LinkState;
import io.outpost.config.MetricsConfig;
import io.outpost.ops.GatewayMetrics;
import io.outpost.ops.WorkDurations;
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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
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
    /** What {@code outpost run} exits with to be restarted (the unit restarts on failure). */
    public static final int RESTART_EXIT_CODE = OverTheAir.RESTART_EXIT_CODE;

    private final long startedNanos = System.nanoTime();
    private final MapDbRecordStore store;
    private final EventRecorder events;
    private final ScheduledExecutorService batchTimer;
    private final RecordBatcher batcher;
    private final ExceptionFilter filter;
    private final TimeOrderGuard timeOrder;
    private final Processing processing;
    private final SourceScheduler scheduler;
    /** Replaced by a reload that adds, removes or changes a source; config order. */
    private volatile List<Source> sources;
    private final SourceContext sourceContext;
    /** Replaced by a reload that changes the uplink; one heartbeat for all of them (the watchdog holds it). */
    private volatile MqttUplink uplink;
    private final Heartbeat uplinkHeartbeat = MqttUplink.newHeartbeat();
    private final UplinkIdentity identity;
    private Map<String, CommandHandler> remoteCommands = Map.of();
    private final LocalCommands localCommands;
    private final OverTheAir ota;
    private final ConfigReload reload;
    private final DesiredConfig desired;
    private final TwinReport twin;
    private volatile ReadingRates rates;
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

            // Made before the sources and models they time; only when an endpoint is configured (the
            // ternaries, not method references, keep the metrics classes unloaded otherwise).
            Optional<WorkDurations> durations = config.metrics().flatMap(MetricsConfig::listen).map(l -> new WorkDurations());
            this.scheduler = new SourceScheduler(SOURCE_THREADS, durations.isPresent() ? durations.get().polls() : Durations.NONE);
            built.push(scheduler::close);
            SourceContext context = new SourceContext(scheduler, clock, dataDir.resolve("pki"));
            this.sourceContext = context;
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
                    "moved_to", moved.toString(), "reason", "store file was corrupt; a fresh one was started",
                    "lost", "its unsent records and the raised alarms kept with them: an active alarm is raised again")));

            this.ota = new OverTheAir(config.ota(), dataDir, build.version(), events::record);
            built.push(ota::close);
            this.samplesBySource = new SourceSampleCounts(config);
            // Loaded only when an endpoint is configured: no metrics classes or histograms otherwise.
            this.metrics = durations.map(d -> new GatewayMetrics(new GatewayMetrics.Inputs(this::stats,
                    samplesBySource::snapshot, laneAges, this::commandCounts, d, this::labelledTagValues, clock)));
            metrics.ifPresent(m -> store.onCommitted(m::committed));
            this.identity = new UplinkIdentity(gatewayId, bootId, build.version());
            this.uplink = newUplink(config);
            built.push(() -> uplink.close());
            store.onAppended(() -> uplink.wake());
            this.reload = new ConfigReload(config, ConfigDigest.of(config.file()), this::apply, events::record);
            this.desired = new DesiredConfig(reload, dataDir, this::unhealthy, events::record);
            built.push(desired::close);

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
            this.processing = Processing.build(config, dataDir, store.state(Alarms.STATE_NAME), events, filter,
                    samplesRead, samplesBySource, clock,
                    durations.isPresent() ? durations.get().inference() : Durations.NONE);
            built.push(processing::close);
            this.rates = new ReadingRates(config.sources(), processing.latest()::readings);
            this.twin = new TwinReport(config.uplink().topicPrefix(), new TwinReport.Inputs(gatewayId, build.version(),
                    ota::previousVersion, reload::digest, this::sourceHealth, () -> processing.models().status(),
                    () -> processing.alarms().active(), desired::outcome), () -> uplink);
            this.localCommands = wireCommands(config, build, bootId, clock);
        } catch (RuntimeException | Error e) {
            built.forEach(close -> closeAfterFailure(close, e));
            throw e;
        }
    }

    private MqttUplink newUplink(OutpostConfig config) {
        return new MqttUplink(config.uplink(), identity, store,
                UplinkListener.both(ota.linkListener(), metrics.<UplinkListener>map(m -> m).orElse(UplinkListener.NONE)),
                new SecureRandom(), uplinkHeartbeat);
    }

    /** {@code P/cmd/+} on {@code target}, replies through it; before it starts. */
    private void subscribeCommands(MqttUplink target, OutpostConfig config) {
        CommandRouter commands = new CommandRouter(config.uplink().topicPrefix(), remoteCommands, target::reply,
                (type, fields) -> {
                    if (type.equals("command-refused")) {
                        commandsRefused.increment();
                    }
                    events.record(type, fields);
                });
        target.subscribe(commands.topicFilter(), message -> {
            commandsHandled.increment();
            commands.handle(message);
        });
        target.subscribe(config.uplink().topicPrefix() + "/twin/desired", desired);
    }

    /** Commands over MQTT (subscribed on the uplink) and the ones the local admin socket answers. */
    private LocalCommands wireCommands(OutpostConfig config, BuildInfo build, String bootId, LongSupplier clock) {
        String gatewayId = config.gateway().id();
        PingCommand ping = new PingCommand(gatewayId, bootId, clock);
        StatusReply status = new StatusReply(() -> new StatusReport(gatewayId, build.version(), bootId, stats()));
        ReloadCommand reloadCommand = new ReloadCommand(reload);
        SetOutputCommand setOutput = new SetOutputCommand(this::source);
        remoteCommands = Map.of("ping", ping, "status", status, "set-output", setOutput, "reload", reloadCommand,
                "ota", ota.apply());
        subscribeCommands(uplink, config);
        return new LocalCommands(Map.ofEntries(Map.entry("ping", ping), Map.entry("status", status),
                Map.entry("reload", reloadCommand), Map.entry("set-output", setOutput),
                Map.entry("tags", new TagsCommand(() -> tagEntries(reload.running()), processing.latest()::of, clock)),
                Map.entry("queue-stats", new QueueStatsCommand(this::stats)),
                Map.entry("queue-purge", new QueuePurgeCommand(store, events::record)),
                Map.entry("ota", ota.apply()), Map.entry("ota-status", ota.status()), Map.entry("ota-rollback", ota.rollback())));
    }

    /** Every tag the config makes, in its order: the sources' tags, then the models' outputs. */
    private static List<TagsCommand.Entry> tagEntries(OutpostConfig config) {
        List<TagsCommand.Entry> tags = new ArrayList<>();
        for (SourceConfig source : config.sources()) {
            source.tags().forEach(t -> tags.add(new TagsCommand.Entry(new TagId(source.name(), t.name()), source.name())));
        }
        config.models().forEach(m -> tags.add(new TagsCommand.Entry(m.output(), "model:" + m.name())));
        return tags;
    }

    private RecordBatcher.Outcome batchOutcome() {
        return new RecordBatcher.Outcome() {
            @Override
            public void stored(StoredRecord record, int samples) {
                samplesStored.addAndGet(samples);
                // The store stores again: the events it refused meanwhile (a full disk) go in now.
                events.retryWaiting();
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
        // before the uplink: a release on trial is confirmed when the link comes up
        ota.start(batchTimer);
        uplink.start();
        for (Source source : sources) {
            try {
                source.start(processing);
            } catch (RuntimeException | LinkageError e) {
                // LinkageError: a source's native library (libgpiod, a serial driver) that will not load here.
                sourceDown(source, e);
            }
        }
        events.record("started", ordered("sources", sources.size(), "config", config.file().toString()));
        watchSources();
        batchTimer.scheduleWithFixedDelay(twin, 1, 1, TimeUnit.SECONDS);
        desired.resume();
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
        batchTimer.scheduleWithFixedDelay(rates::tick, 0, 1, TimeUnit.SECONDS);
    }

    /**
     * Re-reads the config file and applies what changed (SIGHUP, {@code outpost reload}, {@code P/cmd/reload});
     * every outcome is an event.
     *
     * @throws CommandRefusedException when the file fails validation or its change cannot be applied; the running
     *     config stays
     */
    public Map<String, Object> reload() throws CommandRefusedException {
        return reload.reload();
    }

    /**
     * Applies a checked config that differs from the running one: the sources added, removed or changed
     * are closed, built and started again, the others run on untouched; the store, the batcher and the
     * uplink stay as they are, so nothing queued or in flight is lost. A changed uplink (broker, credentials,
     * TLS, topic prefix, in-flight window, backoff, session) is replaced: the old one stops, the new one sends
     * from the store. A change to another part (models, alarms, the records' batch or encoding, gateway,
     * store) is refused before anything changes: those need a restart.
     */
    private synchronized List<String> apply(OutpostConfig next, ConfigChanges changes) throws CommandRefusedException {
        UplinkConfig before = reload.running().uplink();
        boolean uplinkRestarts = changes.uplink() && before.batch().equals(next.uplink().batch())
                && before.encoding() == next.uplink().encoding();
        List<String> needRestart = changes.parts().stream().filter(part -> !part.startsWith("sources.")
                && !(part.equals("uplink") && uplinkRestarts)).map(part -> part.equals("uplink")
                        ? "uplink.batch or uplink.encoding (the records' form)" : part).toList();
        if (!needRestart.isEmpty()) {
            throw new CommandRefusedException("applying " + String.join(", ", needRestart) + " needs a restart"
                    + " (systemctl restart outpost); the running config is kept");
        }
        if (sourcesStopped) {
            throw new CommandRefusedException("the gateway is stopping; the running config is kept");
        }
        Set<String> replaced = new HashSet<>(changes.sourcesChanged());
        replaced.addAll(changes.sourcesAdded());
        Map<String, Source> built = new LinkedHashMap<>();
        try {
            for (SourceConfig source : next.sources()) {
                if (replaced.contains(source.name())) {
                    built.put(source.name(), SourceTypes.standard().create(source, sourceContext));
                }
            }
        } catch (RuntimeException e) {
            built.values().forEach(Source::close);
            throw new CommandRefusedException("source cannot be built: " + e.getMessage() + "; the running config is kept");
        }
        List<String> restarted = new ArrayList<>();
        if (uplinkRestarts) {
            try {
                replaceUplink(next);
            } catch (CommandRefusedException e) {
                built.values().forEach(Source::close);
                throw e;
            }
            restarted.add("uplink");
        }
        Set<String> restarting = new HashSet<>(replaced);
        restarting.addAll(changes.sourcesRemoved());
        sourceWatch.restarting(restarting, () -> {
            filter.policies(policies(next));
            for (Source old : sources) {
                if (restarting.contains(old.name())) {
                    closeForReload(old);
                    sourcesDown.remove(old.name());
                }
            }
            Map<String, Source> running = new LinkedHashMap<>();
            sources.forEach(s -> running.put(s.name(), s));
            List<Source> nextSources = new ArrayList<>();
            for (SourceConfig source : next.sources()) {
                Source s = built.containsKey(source.name()) ? built.get(source.name()) : running.get(source.name());
                nextSources.add(s);
            }
            sources = List.copyOf(nextSources);
            for (Source s : built.values()) {
                try {
                    s.start(processing);
                } catch (RuntimeException | LinkageError e) {
                    sourceDown(s, e);
                }
                restarted.add("sources." + s.name());
            }
            changes.sourcesRemoved().forEach(name -> restarted.add("sources." + name + " (stopped)"));
            rates = new ReadingRates(next.sources(), processing.latest()::readings);
        });
        return restarted;
    }

    /**
     * The old uplink stops (records it sent and the broker did not acknowledge stay in the store), then the
     * new one starts from the store: at least once, as after any reconnect. The store never feeds two.
     */
    private void replaceUplink(OutpostConfig next) throws CommandRefusedException {
        MqttUplink replacement;
        try {
            replacement = newUplink(next);
            subscribeCommands(replacement, next);
        } catch (RuntimeException e) {
            throw new CommandRefusedException("uplink cannot be built: " + e.getMessage() + "; the running config is kept");
        }
        Runnable swap = () -> {
            uplink.close();
            uplink = replacement;
            replacement.start();
        };
        if (Thread.currentThread().getName().startsWith("uplink-inbound")) {
            // Asked over MQTT (P/cmd/reload): this thread is the old uplink's, which its close interrupts, and the
            // reply goes out through the old uplink. So the swap runs on its own thread, a second later.
            DaemonThreads.newThread("uplink-replace", () -> {
                try {
                    TimeUnit.SECONDS.sleep(1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                swap.run();
            }).start();
        } else {
            swap.run();
        }
    }

    private static void closeForReload(Source source) {
        try {
            source.close();
        } catch (RuntimeException e) {
            log.warn("event=source-close-failed source={} error=\"{}\"", source.name(), e.toString());
        }
    }

    /**
     * What keeps the gateway from being healthy with its config, for a desired config's trial: the uplink not
     * connected, one of the {@code counted} sources not up. Empty when healthy.
     */
    private Optional<String> unhealthy(Predicate<String> counted) {
        MqttUplink link = uplink;
        if (link.state() != LinkState.UP) {
            return Optional.of("the uplink to " + reload.running().uplink().url() + " is not connected"
                    + link.stats().lastError().map(e -> ": " + e).orElse(""));
        }
        for (Map.Entry<String, SourceHealth> s : sourceHealth().entrySet()) {
            SourceHealth h = s.getValue();
            if (!counted.test(s.getKey())) {
                continue;
            }
            // A source is up until its first read fails: only one that has read is known to work.
            if (!h.up()) {
                return Optional.of("source " + s.getKey() + " is not up" + h.lastError().map(e -> ": " + e).orElse(""));
            }
            if (h.reads() == 0) {
                return Optional.of("source " + s.getKey() + " has not read yet");
            }
        }
        return Optional.empty();
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

    /**
     * Completes, with why, when the daemon should exit with {@link #RESTART_EXIT_CODE} so systemd starts
     * it again: a release was installed or rolled back, or a release on trial missed its deadline.
     */
    public CompletableFuture<String> restartRequested() {
        return ota.restartRequested();
    }

    /** The loops whose progress says the pipeline is alive (ops.PipelineWatchdog): the store writer, the uplink. */
    public List<Heartbeat> heartbeats() {
        return List.of(store.writerHeartbeat(), uplinkHeartbeat);
    }

    public GatewayStats stats() {
        Map<Lane, io.outpost.store.LaneStats> lanes = new EnumMap<>(Lane.class);
        for (Lane lane : Lane.values()) {
            lanes.put(lane, store.stats(lane));
        }
        long now = System.currentTimeMillis();
        Map<Lane, Long> oldest = new EnumMap<>(Lane.class);
        for (Lane lane : Lane.values()) {
            RecordTimes.oldest(store, lane).ifPresent(ts -> oldest.put(lane, Math.max(0, now - ts)));
        }
        return new GatewayStats(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos), samplesRead.get(),
                filter.passed(), timeOrder.restamped(), samplesStored.get(), samplesRefused.get(), lanes, sourceHealth(), uplink.state(),
                uplink.stats(), processing.models().status(), processing.alarms().active(), oldest, store.fileSizeBytes(),
                reload.running().file().toString(), reload.digest().hex(), reload.running().uplink().url().toString(),
                readingRates());
    }

    private Map<String, ReadingRate> readingRates() {
        Map<String, ReadingRate> out = new HashMap<>();
        sources.forEach(s -> out.put(s.name(), rates.of(s.name())));
        return out;
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
        desired.close();
        stopSources();
        batchTimer.shutdownNow();
        ota.close();
        uplink.close();
        store.close();
        log.info("event=gateway-stopped");
    }

    /** Commands over MQTT by result, for the metrics: a refusal is what the router reports as one. */
    /**
     * The last reading of each tag {@code metrics.tag_labels} matches in the running config (at most
     * {@link MetricsConfig#MAX_TAG_LABELS}), the ones read so far.
     */
    private Map<TagId, Sample> labelledTagValues() {
        OutpostConfig running = reload.running();
        List<TagId> tags = running.metrics().orElse(MetricsConfig.ABSENT)
                .labelledTags(tagEntries(running).stream().map(TagsCommand.Entry::tag).toList());
        Map<TagId, Sample> values = new LinkedHashMap<>();
        tags.forEach(tag -> processing.latest().of(tag).ifPresent(sample -> values.put(tag, sample)));
        return values;
    }

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
