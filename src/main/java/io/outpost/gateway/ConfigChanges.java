package io.outpost.gateway;

import io.outpost.config.OutpostConfig;
import io.outpost.config.SourceConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a reload would change, part by part: each source by name (added, removed, changed), the models,
 * the alarms, the uplink, and the sections only a restart applies (gateway, store, metrics, ota).
 */
record ConfigChanges(List<String> sourcesAdded, List<String> sourcesRemoved, List<String> sourcesChanged,
        boolean models, boolean alarms, boolean uplink, List<String> restartOnly) {

    ConfigChanges {
        sourcesAdded = List.copyOf(sourcesAdded);
        sourcesRemoved = List.copyOf(sourcesRemoved);
        sourcesChanged = List.copyOf(sourcesChanged);
        restartOnly = List.copyOf(restartOnly);
    }

    static ConfigChanges between(OutpostConfig running, OutpostConfig next) {
        Map<String, SourceConfig> before = byName(running.sources());
        Map<String, SourceConfig> after = byName(next.sources());
        List<String> added = after.keySet().stream().filter(n -> !before.containsKey(n)).toList();
        List<String> removed = before.keySet().stream().filter(n -> !after.containsKey(n)).toList();
        List<String> changed = after.keySet().stream()
                .filter(n -> before.containsKey(n) && !before.get(n).equals(after.get(n))).toList();
        List<String> restartOnly = new ArrayList<>();
        if (!running.gateway().equals(next.gateway())) {
            restartOnly.add("gateway");
        }
        if (!running.store().equals(next.store())) {
            restartOnly.add("store");
        }
        if (!running.metrics().equals(next.metrics())) {
            restartOnly.add("metrics");
        }
        if (!running.ota().equals(next.ota())) {
            restartOnly.add("ota");
        }
        // A new desired_deadline takes effect with the running config; it is no reason to replace the link.
        boolean uplink = !Objects.equals(running.uplink(), next.uplink().withDesiredDeadline(running.uplink().desiredDeadline()));
        return new ConfigChanges(added, removed, changed, !running.models().equals(next.models()),
                !running.alarms().equals(next.alarms()), uplink, restartOnly);
    }

    boolean none() {
        return parts().isEmpty();
    }

    /** The changed parts as operators name them: {@code sources.press1}, {@code models}, {@code uplink}, {@code store}. */
    List<String> parts() {
        List<String> parts = new ArrayList<>();
        sourcesAdded.forEach(n -> parts.add("sources." + n + " (added)"));
        sourcesRemoved.forEach(n -> parts.add("sources." + n + " (removed)"));
        sourcesChanged.forEach(n -> parts.add("sources." + n));
        if (models) {
            parts.add("models");
        }
        if (alarms) {
            parts.add("alarms");
        }
        if (uplink) {
            parts.add("uplink");
        }
        parts.addAll(restartOnly);
        return parts;
    }

    private static Map<String, SourceConfig> byName(List<SourceConfig> sources) {
        Map<String, SourceConfig> byName = new LinkedHashMap<>();
        sources.forEach(s -> byName.put(s.name(), s));
        return byName;
    }
}
