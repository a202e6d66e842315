package io.outpost.manage;

import io.outpost.source.SourceHealth;
import java.nio.charset.StandardCharsets;
import io.outpost.process.alarm.ActiveAlarm;
import io.outpost.process.model.ModelStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code outpost status} and {@code P/cmd/status} answer: who is running (gateway, version,
 * boot, uptime), each source's health with its warnings, the queue per lane, the link to the broker,
 * the models (state, runs, last latency and score, failures) and the raised alarms.
 */
public record StatusReport(String gatewayId, String version, String bootId, GatewayStats stats) {

    /** The reply's fields, in the order docs/protocol.md lists them. */
    public Map<String, Object> fields() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("gw", gatewayId);
        out.put("version", version);
        out.put("boot", bootId);
        out.put("uptime_ms", stats.uptimeMillis());
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("file", stats.configFile());
        config.put("digest", stats.configDigest());
        out.put("config", config);
        Map<String, Object> link = new LinkedHashMap<>();
        link.put("state", stats.link().name().toLowerCase(Locale.ROOT));
        link.put("last_error", stats.uplink().lastError());
        link.put("connects", stats.uplink().connects());
        link.put("failed_connects", stats.uplink().failedConnects());
        link.put("disconnects", stats.uplink().disconnects());
        link.put("broker", stats.broker());
        link.put("connected_since", stats.uplink().connectedSinceMillis());
        link.put("reconnects", stats.uplink().reconnects());
        link.put("next_retry_in_ms", stats.uplink().nextRetryIn().map(Duration::toMillis));
        out.put("link", link);
        Map<String, Object> sources = new LinkedHashMap<>();
        stats.sources().forEach((name, health) -> sources.put(name, source(health,
                stats.rates().getOrDefault(name, ReadingRate.UNKNOWN))));
        out.put("sources", sources);
        out.put("lanes", LaneReport.lanes(stats));
        Map<String, Object> samples = new LinkedHashMap<>();
        samples.put("read", stats.samplesRead());
        samples.put("passed", stats.samplesPassed());
        samples.put("restamped", stats.samplesRestamped());
        samples.put("stored", stats.samplesStored());
        samples.put("refused", stats.samplesRefused());
        out.put("samples", samples);
        List<Object> models = new ArrayList<>();
        stats.models().forEach(m -> models.add(model(m)));
        out.put("models", models);
        List<Object> alarms = new ArrayList<>();
        stats.activeAlarms().forEach(a -> alarms.add(alarm(a)));
        out.put("alarms_active", alarms);
        return out;
    }

    /** The report as one line of JSON, {@code {"ok":true,...}}: the command's reply. */
    public String toJson() {
        return new String(ReplyPayloads.ok(fields()), StandardCharsets.UTF_8);
    }

    private static Map<String, Object> source(SourceHealth health, ReadingRate rate) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("up", health.up());
        out.put("reads", health.reads());
        out.put("failures", health.failures());
        out.put("missed_polls", health.missedPolls());
        out.put("readings_per_s", rate.achieved().isPresent() ? rate.achieved().getAsDouble() : null);
        out.put("readings_per_s_asked", rate.asked().isPresent() ? rate.asked().getAsDouble() : null);
        out.put("last_error", health.lastError());
        out.put("warnings", health.warnings());
        return out;
    }

    private static Map<String, Object> model(ModelStatus model) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", model.name());
        out.put("output", model.output());
        out.put("state", model.state());
        out.put("runs", model.runs());
        out.put("skipped", model.skipped());
        out.put("failures", model.failures());
        out.put("last_run_ts", model.lastRunMillis());
        out.put("last_latency_us", model.lastLatencyMicros());
        out.put("last_score", model.lastScore().isPresent() ? model.lastScore().getAsDouble() : null);
        out.put("problem", model.problem());
        return out;
    }

    private static Map<String, Object> alarm(ActiveAlarm alarm) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", alarm.name());
        out.put("severity", alarm.severity());
        out.put("raised_at", alarm.raisedAt());
        out.put("tag", alarm.raise().get("tag"));
        out.put("value", alarm.raise().get("value"));
        return out;
    }
}
