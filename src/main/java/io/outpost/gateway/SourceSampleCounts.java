package io.outpost.gateway;

import io.outpost.config.OutpostConfig;
import io.outpost.config.SourceConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Samples read per source, for the metrics. One counter per configured source, made at start, so the
 * set of labels is the config's and a source thread only adds to its own.
 */
final class SourceSampleCounts {

    private final Map<String, LongAdder> counts = new LinkedHashMap<>();

    SourceSampleCounts(OutpostConfig config) {
        for (SourceConfig source : config.sources()) {
            counts.put(source.name(), new LongAdder());
        }
    }

    void read(String source) {
        LongAdder count = counts.get(source);
        if (count != null) {
            count.increment();
        }
    }

    Map<String, Long> snapshot() {
        Map<String, Long> out = new LinkedHashMap<>();
        counts.forEach((name, n) -> out.put(name, n.sum()));
        return out;
    }
}
