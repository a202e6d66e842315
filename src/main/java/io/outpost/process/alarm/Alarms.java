package io.outpost.process.alarm;

import io.outpost.config.AlarmConfig;
import io.outpost.value.Sample;
import io.outpost.value.SampleSink;
import io.outpost.value.TagId;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The configured alarms, fed every reading of the tags they watch (a source's, or a model's output)
 * and ticked once a second for staleness. Each raise and clear is one record on the alarm lane, which
 * the uplink drains before any telemetry.
 *
 * <p>Raised alarms survive restarts: each alarm record carries the raised alarms as of itself, and the
 * store commits the two together ({@link AlarmOutput}), so what {@link #open} reads back is the state
 * as of the last alarm record that reached the disk. A restart neither raises an active alarm twice nor
 * forgets it; its condition is judged again on the first readings, so a clear that happened while the
 * daemon was down is sent then. An alarm raised under a rule that is gone from the config, or changed,
 * is cleared once at start with the reason.
 *
 * <p>Thread-safe: one lock orders every transition with its record, so the states reach the store in
 * the order of their records. Only readings of watched tags take it.
 */
public final class Alarms implements SampleSink {

    /** The name of the store state that holds the raised alarms. */
    public static final String STATE_NAME = "alarms-active";

    private static final Logger log = LoggerFactory.getLogger(Alarms.class);

    private final Map<TagId, List<AlarmTracker>> byTag = new HashMap<>();
    private final List<AlarmTracker> trackers = new ArrayList<>();
    private final LongSupplier clock;
    private final AlarmOutput output;
    /** The state file of an older build, removed once an alarm record has put the state in the store; or null. */
    private final AtomicReference<AlarmStateFile> legacy = new AtomicReference<>();

    private Alarms(List<AlarmConfig> configs, LongSupplier clock, AlarmOutput output) {
        this.clock = clock;
        this.output = output;
        long now = clock.getAsLong();
        for (AlarmConfig config : configs) {
            AlarmTracker tracker = new AlarmTracker(config, now);
            trackers.add(tracker);
            byTag.computeIfAbsent(config.tag(), t -> new ArrayList<>()).add(tracker);
        }
    }

    /** No alarms: drops every sample, keeps no state. */
    public static Alarms none() {
        return new Alarms(List.of(), () -> 0L, (type, fields, state) -> CompletableFuture.completedFuture(null));
    }

    /**
     * Reads back the alarms raised before this start and reconciles them with {@code configs}.
     *
     * @param stored the store's state {@link #STATE_NAME}, empty when it has none yet; then the file an
     *     older build kept in {@code dataDir} is read instead, and removed once the store holds the state
     * @param events where an unreadable state is reported
     */
    public static Alarms open(List<AlarmConfig> configs, Optional<byte[]> stored, Path dataDir, LongSupplier clock,
            AlarmOutput output, BiConsumer<String, Map<String, ?>> events) {
        Alarms alarms = new Alarms(configs, clock, output);
        AlarmStateFile file = new AlarmStateFile(dataDir);
        List<ActiveAlarm> active = List.of();
        try {
            if (stored.isPresent()) {
                file.remove(); // left by a start that migrated it and stopped before removing it
                active = ActiveAlarmCodec.decode(stored.get(), "store state " + STATE_NAME);
            } else if (file.exists()) {
                alarms.legacy.set(file);
                active = file.read().orElse(List.of());
                log.info("event=alarm-state-migrating file={} active={}", file.path(), active.size());
            }
        } catch (IOException e) {
            // Without it an alarm raised before may be raised again: reported, never silent.
            events.accept("alarm-state-unreadable", Map.of("state", alarms.legacy.get() != null ? file.path().toString()
                    : "store state " + STATE_NAME, "reason", String.valueOf(e.getMessage()),
                    "effect", "alarms raised before this start may be raised again"));
        }
        alarms.restore(active);
        return alarms;
    }

    private synchronized void restore(List<ActiveAlarm> active) {
        Map<String, AlarmTracker> byName = new HashMap<>();
        trackers.forEach(t -> byName.put(t.name(), t));
        List<ActiveAlarm> retired = new ArrayList<>();
        for (ActiveAlarm alarm : active) {
            AlarmTracker tracker = byName.get(alarm.name());
            if (tracker != null && tracker.rule().equals(alarm.rule())) {
                tracker.restore(alarm);
            } else {
                retired.add(alarm);
            }
        }
        long now = clock.getAsLong();
        for (ActiveAlarm alarm : retired) {
            String reason = byName.containsKey(alarm.name()) ? "its rule changed in the config" : "the alarm is no longer configured";
            append("alarm-cleared", AlarmTracker.retired(alarm, now, reason).fields());
        }
    }

    @Override
    public void accept(Sample sample) {
        List<AlarmTracker> watching = byTag.get(sample.tag());
        if (watching == null) {
            return;
        }
        synchronized (this) {
            long now = clock.getAsLong();
            for (AlarmTracker tracker : watching) {
                tracker.onSample(sample, now).ifPresent(this::append);
            }
        }
    }

    /** The staleness check; the gateway's one-second timer calls it. */
    public synchronized void tick() {
        long now = clock.getAsLong();
        for (AlarmTracker tracker : trackers) {
            tracker.onTick(now).ifPresent(this::append);
        }
    }

    /** The raised alarms, in config order. */
    public synchronized List<ActiveAlarm> active() {
        List<ActiveAlarm> active = new ArrayList<>();
        trackers.forEach(t -> t.active().ifPresent(active::add));
        return active;
    }

    public int configured() {
        return trackers.size();
    }

    private void append(AlarmTracker.Transition transition) {
        append(transition.raised() ? "alarm-raised" : "alarm-cleared", transition.fields());
    }

    /** Under the lock: the state captured here is the state as of this record, whatever comes after. */
    private void append(String type, Map<String, Object> fields) {
        byte[] state = ActiveAlarmCodec.encode(active());
        log.info("event={} alarm={} tag={} severity={} value={}", type, fields.get("alarm"), fields.get("tag"),
                fields.get("severity"), fields.get("value"));
        CompletableFuture<?> stored = output.append(type, fields, state);
        AlarmStateFile file = legacy.getAndSet(null);
        if (file != null) {
            stored.whenComplete((r, e) -> {
                if (e == null) {
                    removeLegacy(file);
                } else {
                    legacy.compareAndSet(null, file); // the store may hold no state yet: the next record tries
                }
            });
        }
    }

    private static void removeLegacy(AlarmStateFile file) {
        try {
            file.remove();
            log.info("event=alarm-state-migrated file={} effect=\"removed; the store keeps the raised alarms\"", file.path());
        } catch (IOException e) {
            log.warn("event=alarm-state-file-not-removed file={} error=\"{}\" effect=\"removed at the next start\"",
                    file.path(), e.getMessage());
        }
    }
}
