package io.outpost.process.alarm;

import io.outpost.config.AlarmConfig;
import io.outpost.value.Quality;
import io.outpost.value.Sample;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One alarm's state machine. {@code above}/{@code below}: raised when good readings have been past the
 * threshold for {@code for} (by their own timestamps; any reading back inside, or a reading that is not
 * good, starts the wait again), cleared when a good reading is back past {@code clear} (hysteresis).
 * {@code stale}: raised when no good reading arrived for that long (by the gateway's clock), cleared by
 * the next one. Only {@code good} readings move a threshold alarm: an {@code uncertain} model output
 * repeats its last score, which says nothing new.
 *
 * <p>Not thread-safe: {@link Alarms} calls it under its lock.
 */
final class AlarmTracker {

    /** A raise or a clear, with the fields of its record. */
    record Transition(boolean raised, Map<String, Object> fields) {
    }

    private final AlarmConfig config;
    private final String condition;
    private Optional<ActiveAlarm> active = Optional.empty();
    private long pendingSince = -1;
    private long lastGoodAt;
    private double lastGoodValue = Double.NaN;
    private long lastGoodTs;

    AlarmTracker(AlarmConfig config, long startedAt) {
        this.config = config;
        this.condition = config.above().isPresent() ? "above" : config.below().isPresent() ? "below" : "stale";
        this.lastGoodAt = startedAt;
    }

    String name() {
        return config.name();
    }

    Optional<ActiveAlarm> active() {
        return active;
    }

    /** What a restart read back: the alarm is raised already and stays so until its condition clears. */
    void restore(ActiveAlarm alarm) {
        active = Optional.of(alarm);
    }

    Optional<Transition> onSample(Sample sample, long now) {
        boolean good = sample.quality() == Quality.GOOD;
        double value = good ? sample.value().asDouble() : Double.NaN;
        if (good && !Double.isNaN(value)) {
            lastGoodAt = now;
            lastGoodValue = value;
            lastGoodTs = sample.tsMillis();
        }
        if (condition.equals("stale")) {
            return good && active.isPresent() ? Optional.of(clear(now, value, sample.tsMillis())) : Optional.empty();
        }
        if (!good || Double.isNaN(value)) {
            pendingSince = -1;
            return Optional.empty();
        }
        if (active.isPresent()) {
            return cleared(value) ? Optional.of(clear(now, value, sample.tsMillis())) : Optional.empty();
        }
        if (!past(value)) {
            pendingSince = -1;
            return Optional.empty();
        }
        if (pendingSince < 0) {
            pendingSince = sample.tsMillis();
        }
        long held = sample.tsMillis() - pendingSince;
        if (held < config.forDuration().map(d -> d.toMillis()).orElse(0L)) {
            return Optional.empty();
        }
        Map<String, Object> fields = base();
        fields.put("value", value);
        fields.put("value_ts", sample.tsMillis());
        fields.put("since", pendingSince);
        fields.put("raised_at", now);
        return Optional.of(raise(now, fields));
    }

    /** The staleness check, once a second. */
    Optional<Transition> onTick(long now) {
        if (!condition.equals("stale") || active.isPresent()) {
            return Optional.empty();
        }
        long silentFor = now - lastGoodAt;
        if (silentFor < config.stale().orElseThrow().toMillis()) {
            return Optional.empty();
        }
        Map<String, Object> fields = base();
        fields.put("value", Double.isNaN(lastGoodValue) ? null : lastGoodValue);
        fields.put("value_ts", Double.isNaN(lastGoodValue) ? null : lastGoodTs);
        fields.put("since", lastGoodAt);
        fields.put("raised_at", now);
        return Optional.of(raise(now, fields));
    }

    /** A raised alarm whose rule is gone from the config, or changed: cleared once, saying why. */
    static Transition retired(ActiveAlarm alarm, long now, String reason) {
        Map<String, Object> fields = new LinkedHashMap<>(alarm.raise());
        fields.put("cleared_at", now);
        fields.put("reason", reason);
        return new Transition(false, fields);
    }

    private Transition raise(long now, Map<String, Object> fields) {
        pendingSince = -1;
        active = Optional.of(new ActiveAlarm(config.name(), severity(), now, rule(), fields));
        return new Transition(true, fields);
    }

    private Transition clear(long now, double value, long valueTs) {
        Map<String, Object> fields = base();
        ActiveAlarm was = active.orElseThrow();
        fields.put("value", value);
        fields.put("value_ts", valueTs);
        fields.put("raised_at", was.raisedAt());
        fields.put("cleared_at", now);
        active = Optional.empty();
        pendingSince = -1;
        return new Transition(false, fields);
    }

    /** The fields every record of this alarm carries: what it watches and how. */
    private Map<String, Object> base() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("alarm", config.name());
        fields.put("tag", config.tag().toString());
        fields.put("severity", severity());
        fields.put("condition", condition);
        switch (condition) {
            case "above" -> fields.put("threshold", config.above().getAsDouble());
            case "below" -> fields.put("threshold", config.below().getAsDouble());
            default -> fields.put("stale_ms", config.stale().orElseThrow().toMillis());
        }
        if (!condition.equals("stale")) {
            fields.put("clear", clearLevel());
            fields.put("for_ms", config.forDuration().map(d -> d.toMillis()).orElse(0L));
        }
        return fields;
    }

    /** What identifies the rule: a restored alarm whose rule changed is retired rather than kept. */
    String rule() {
        return base().toString();
    }

    private String severity() {
        return config.severity().name().toLowerCase(Locale.ROOT);
    }

    private double clearLevel() {
        if (config.clear().isPresent()) {
            return config.clear().getAsDouble();
        }
        return condition.equals("above") ? config.above().getAsDouble() : config.below().getAsDouble();
    }

    private boolean past(double value) {
        return condition.equals("above") ? value > config.above().getAsDouble() : value < config.below().getAsDouble();
    }

    private boolean cleared(double value) {
        return condition.equals("above") ? value <= clearLevel() : value >= clearLevel();
    }
}
