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
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The configured alarms, fed every reading of the tags they watch (a source's, or a model's output)
 * and ticked once a second for staleness. Each raise and clear is one record on the alarm lane, which
 * the uplink drains before any telemetry.
 *
 * <p>Raised alarms survive restarts ({@link AlarmStateFile}): a restart neither raises an active alarm
 * twice nor forgets it; its condition is judged again on the first readings, so a clear that happened
 * while the daemon was down is sent then. An alarm raised under a rule that is gone from the config, or
 * changed, is cleared once at start with the reason.
 *
 * <p>Thread-safe: one lock orders every transition with its record, so the state file and the alarm
 * lane see them in the same order. Only readings of watched tags take it.
 */
public final class Alarms implements SampleSink {

    private static final Logger log = LoggerFactory.getLogger(Alarms.class);

    private final Map<TagId, List<AlarmTracker>> byTag = new HashMap<>();
    private final List<AlarmTracker> trackers = new ArrayList<>();
    private final AlarmStateFile file;
    private final LongSupplier clock;
    private final AlarmOutput output;

    private Alarms(List<AlarmConfig> configs, AlarmStateFile file, LongSupplier clock, AlarmOutput output) {
        this.file = file;
        this.clock = clock;
        this.output = output;
        long now = clock.getAsLong();
        for (AlarmConfig config : configs) {
            AlarmTracker tracker = new AlarmTracker(config, now);
            trackers.add(tracker);
            byTag.computeIfAbsent(config.tag(), t -> new ArrayList<>()).add(tracker);
        }
    }

    /** No alarms: drops every sample, keeps no file. */
    public static Alarms none() {
        return new Alarms(List.of(), null, () -> 0L, (type, fields, atSeq) -> { });
    }

    /**
     * Reads back the alarms raised before this start and reconciles them with {@code configs}.
     *
     * @param lastAlarmSeq the last seq the store's alarm lane committed: a record the state file has and
     *     the lane does not is appended again
     * @param events where an unreadable state file is reported
     */
    public static Alarms open(List<AlarmConfig> configs, Path dataDir, long lastAlarmSeq, LongSupplier clock,
            AlarmOutput output, BiConsumer<String, Map<String, ?>> events) {
        AlarmStateFile file = new AlarmStateFile(dataDir);
        Alarms alarms = new Alarms(configs, file, clock, output);
        Optional<AlarmStateFile.State> state;
        try {
            state = file.read();
        } catch (IOException e) {
            // Without it an alarm raised before may be raised again: reported, never silent.
            events.accept("alarm-state-unreadable", Map.of("file", file.path().toString(), "reason",
                    String.valueOf(e.getMessage()), "effect", "alarms raised before this start may be raised again"));
            state = Optional.empty();
        }
        if (configs.isEmpty() && state.map(s -> s.active().isEmpty()).orElse(true)) {
            return alarms;
        }
        state.ifPresent(s -> alarms.restore(s, lastAlarmSeq));
        return alarms;
    }

    private synchronized void restore(AlarmStateFile.State state, long lastAlarmSeq) {
        Map<String, AlarmTracker> byName = new HashMap<>();
        trackers.forEach(t -> byName.put(t.name(), t));
        List<ActiveAlarm> retired = new ArrayList<>();
        for (ActiveAlarm alarm : state.active()) {
            AlarmTracker tracker = byName.get(alarm.name());
            if (tracker != null && tracker.rule().equals(alarm.rule())) {
                tracker.restore(alarm);
            } else {
                retired.add(alarm);
            }
        }
        if (state.seq() > lastAlarmSeq && !state.lastType().isEmpty()) {
            // The file was written as the store gave the record its seq, and the commit never came.
            log.info("event=alarm-record-restored type={} alarm={}", state.lastType(), state.lastFields().get("alarm"));
            append(state.lastType(), state.lastFields());
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
        List<ActiveAlarm> activeNow = active();
        log.info("event={} alarm={} tag={} severity={} value={}", type, fields.get("alarm"), fields.get("tag"),
                fields.get("severity"), fields.get("value"));
        output.append(type, fields, seq -> {
            try {
                file.write(new AlarmStateFile.State(seq, activeNow, type, fields));
            } catch (IOException e) {
                log.warn("event=alarm-state-not-written file={} error=\"{}\" effect=\"a restart may raise an active alarm "
                        + "again or miss a clear\"", file.path(), e.getMessage());
            }
        });
    }
}
