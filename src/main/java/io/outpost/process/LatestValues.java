package io.outpost.process;

import io.outpost.value.Sample;
import io.outpost.value.SampleSink;
import io.outpost.value.TagId;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The last reading of every tag, before report-by-exception (what {@code outpost tags} shows: the value
 * now, not the last one sent). One entry per tag, so bounded by the config; written by the sources'
 * threads and the models', read by the admin socket's.
 */
public final class LatestValues implements SampleSink {

    private final Map<TagId, Sample> latest = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> readings = new ConcurrentHashMap<>();

    @Override
    public void accept(Sample sample) {
        latest.put(sample.tag(), sample);
        readings.computeIfAbsent(sample.tag().source(), k -> new LongAdder()).increment();
    }

    /** Readings of the tags of {@code source} (a source's, or a model output's prefix) since start. */
    public long readings(String source) {
        LongAdder count = readings.get(source);
        return count == null ? 0 : count.sum();
    }

    public Optional<Sample> of(TagId tag) {
        return Optional.ofNullable(latest.get(tag));
    }
}
