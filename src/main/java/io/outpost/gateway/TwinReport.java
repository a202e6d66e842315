package io.outpost.gateway;

import io.outpost.json.JsonOutput;
import io.outpost.process.alarm.ActiveAlarm;
import io.outpost.process.model.ModelStatus;
import io.outpost.source.SourceHealth;
import io.outpost.uplink.LinkState;
import io.outpost.uplink.MqttUplink;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reported twin, {@code P/twin/reported} (retained, QoS 1): what the gateway runs (version, the previous
 * release, config digest), its sources' state, models, active alarms and what became of the last desired
 * config. Runs on a timer once a second and publishes when the document changed or the uplink connected
 * since the last publish: a flapping source costs at most one publish a second. Only what changes with
 * the gateway's state goes in (no ages, no counters), so an idle gateway publishes nothing.
 */
final class TwinReport implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(TwinReport.class);
    /** A document larger than this is sent without its lists (their counts stay) and {@code "truncated":true}. */
    static final int MAX_BYTES = 64 * 1024;

    /** What the twin is made of, read on every run. */
    record Inputs(String gatewayId, String version, Supplier<Optional<String>> previousVersion,
            Supplier<ConfigDigest> digest, Supplier<Map<String, SourceHealth>> sources, Supplier<List<ModelStatus>> models,
            Supplier<List<ActiveAlarm>> alarms, Supplier<Optional<DesiredOutcome>> desired) {
    }

    private record Connection(MqttUplink uplink, long connects) {
    }

    private final String topic;
    private final Inputs inputs;
    private final Supplier<MqttUplink> uplink;
    private byte[] last;
    private Connection lastConnection;

    TwinReport(String topicPrefix, Inputs inputs, Supplier<MqttUplink> uplink) {
        this.topic = topicPrefix + "/twin/reported";
        this.inputs = inputs;
        this.uplink = uplink;
    }

    @Override
    public synchronized void run() {
        try {
            MqttUplink link = uplink.get();
            if (link.state() != LinkState.UP) {
                return;
            }
            Connection now = new Connection(link, link.stats().connects());
            byte[] document = document();
            if (now.equals(lastConnection) && Arrays.equals(document, last)) {
                return;
            }
            if (link.publishRetained(topic, document)) {
                last = document;
                lastConnection = now;
            }
        } catch (RuntimeException e) {
            // A timer task that throws is never run again: log and report on the next run.
            log.warn("event=twin-report-failed error=\"{}\"", e.toString());
        }
    }

    /** The document as published: the whole one, or, above {@link #MAX_BYTES}, the one without lists. */
    byte[] document() {
        Map<String, Object> twin = twin(true);
        byte[] whole = json(twin);
        return whole.length <= MAX_BYTES ? whole : json(twin(false));
    }

    private Map<String, Object> twin(boolean lists) {
        Map<String, Object> twin = new LinkedHashMap<>();
        twin.put("gw", inputs.gatewayId());
        twin.put("version", inputs.version());
        twin.put("previous_version", inputs.previousVersion().get());
        twin.put("config_digest", inputs.digest().get().hex());
        Map<String, SourceHealth> sources = inputs.sources().get();
        List<ModelStatus> models = inputs.models().get();
        List<ActiveAlarm> alarms = inputs.alarms().get();
        if (lists) {
            List<Object> s = new ArrayList<>();
            sources.forEach((name, health) -> s.add(source(name, health)));
            twin.put("sources", s);
            List<Object> m = new ArrayList<>();
            models.forEach(model -> m.add(ordered("name", model.name(), "output", model.output(), "state", model.state())));
            twin.put("models", m);
            List<Object> a = new ArrayList<>();
            alarms.forEach(alarm -> a.add(ordered("name", alarm.name(), "severity", alarm.severity(),
                    "raised_at", alarm.raisedAt())));
            twin.put("alarms_active", a);
        } else {
            twin.put("truncated", true);
            twin.put("sources_down", sources.values().stream().filter(h -> !h.up()).count());
        }
        twin.put("source_count", sources.size());
        twin.put("model_count", models.size());
        twin.put("alarms_active_count", alarms.size());
        twin.put("desired", inputs.desired().get().map(TwinReport::desired));
        return twin;
    }

    private static Map<String, Object> source(String name, SourceHealth health) {
        String state = health.up() ? "up" : health.failures() == 0 ? "starting" : "down";
        Map<String, Object> source = ordered("name", name, "state", state);
        source.put("error", state.equals("down") ? health.lastError().map(DesiredOutcome::oneLine) : Optional.empty());
        return source;
    }

    private static Map<String, Object> desired(DesiredOutcome outcome) {
        return ordered("digest", outcome.digest(), "state", outcome.state().wireName(), "reason", outcome.reason(),
                "problems", outcome.problems());
    }

    private static byte[] json(Map<String, Object> twin) {
        return JsonOutput.bytes(512, out -> {
            out.startObject();
            for (Map.Entry<String, Object> f : twin.entrySet()) {
                out.name(f.getKey()).plain(f.getValue());
            }
            out.endObject();
        });
    }

    private static Map<String, Object> ordered(Object... keyValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return map;
    }
}
