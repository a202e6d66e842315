package io.outpost.gateway;

import io.outpost.config.ModelConfig;
import io.outpost.config.OutpostConfig;
import io.outpost.config.SourceConfig;
import io.outpost.process.ExceptionFilter;
import io.outpost.process.LatestValues;
import io.outpost.process.alarm.Alarms;
import io.outpost.process.model.ModelFileException;
import io.outpost.process.model.Models;
import io.outpost.store.EventRecorder;
import io.outpost.value.Durations;
import io.outpost.value.Sample;
import io.outpost.value.SampleSink;
import io.outpost.value.TagId;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * What every reading meets after its source: the models' windows and the alarms (every reading, before
 * report-by-exception), then the exception filter on its way to the store. A model's output takes the
 * same way, so alarms, other models and the filter treat it like any tag.
 */
final class Processing implements SampleSink, AutoCloseable {

    private final Models models;
    private final Alarms alarms;
    private final ExceptionFilter filter;
    private final AtomicLong samplesRead;
    private final LatestValues latest = new LatestValues();
    private final SourceSampleCounts bySource;

    private Processing(OutpostConfig config, Path dataDir, Optional<byte[]> alarmState, EventRecorder events,
            ExceptionFilter filter, AtomicLong samplesRead, SourceSampleCounts bySource, LongSupplier clock,
            Durations inference) {
        this.filter = filter;
        this.samplesRead = samplesRead;
        this.bySource = bySource;
        this.alarms = Alarms.open(config.alarms(), alarmState, dataDir, clock,
                (type, fields, state) -> events.alarm(type, fields, Alarms.STATE_NAME, state), events::record);
        this.models = openModels(config, clock, events, inference);
    }

    /**
     * @param alarmState the store's state {@link Alarms#STATE_NAME}
     * @param samplesRead counts the sources' readings (not the models' outputs)
     * @param bySource counts them per source
     * @param inference told how long each model run took in the runtime
     * @throws IllegalStateException when a model file cannot be loaded (validate reports it first)
     */
    static Processing build(OutpostConfig config, Path dataDir, Optional<byte[]> alarmState, EventRecorder events,
            ExceptionFilter filter, AtomicLong samplesRead, SourceSampleCounts bySource, LongSupplier clock,
            Durations inference) {
        return new Processing(config, dataDir, alarmState, events, filter, samplesRead, bySource, clock, inference);
    }

    private Models openModels(OutpostConfig config, LongSupplier clock, EventRecorder events, Durations inference) {
        if (config.models().isEmpty()) {
            return Models.none();
        }
        try {
            return Models.open(config.models(), tag -> readingInterval(config, tag), clock, this::derived,
                    events::record, new SecureRandom(), inference);
        } catch (ModelFileException e) {
            throw new IllegalStateException(e.getMessage() + "; check it with `outpost validate`", e);
        }
    }

    /** A source tag's reading interval, or a model output's {@code every}. */
    private static Optional<Duration> readingInterval(OutpostConfig config, TagId tag) {
        for (SourceConfig source : config.sources()) {
            if (source.name().equals(tag.source()) && source.tags().stream().anyMatch(t -> t.name().equals(tag.name()))) {
                return source.readingInterval(tag.name());
            }
        }
        return config.models().stream().filter(m -> m.output().equals(tag)).findFirst().map(ModelConfig::every);
    }

    /** A source's reading. */
    @Override
    public void accept(Sample sample) {
        samplesRead.incrementAndGet();
        bySource.read(sample.tag().source());
        derived(sample);
    }

    private void derived(Sample sample) {
        latest.accept(sample);
        models.accept(sample);
        alarms.accept(sample);
        filter.accept(sample);
    }

    void start() {
        models.start();
    }

    Models models() {
        return models;
    }

    Alarms alarms() {
        return alarms;
    }

    /** Every tag's last reading, the models' outputs included. */
    LatestValues latest() {
        return latest;
    }

    /** Stops the models; their last outputs are in the filter's hands already. */
    @Override
    public void close() {
        models.close();
    }
}
