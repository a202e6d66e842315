package io.outpost.process.model;

import io.outpost.config.ModelConfig;
import io.outpost.value.Durations;
import io.outpost.value.Backoff;
import io.outpost.value.Quality;
import io.outpost.value.Sample;
import io.outpost.value.SampleSink;
import io.outpost.value.TagId;
import io.outpost.value.Value;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Random;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;

/**
 * One configured model: its input windows, its runs and what came of them. A run gives the score as a
 * {@code good} sample of the output tag; a window with a bad reading or a gap gives an
 * {@code uncertain} one (the last score, NaN before the first) and the reason in the status and one
 * event per spell of skipping; a runtime failure gives a {@code bad} one, an event, and runs held back
 * with backoff (1 s doubling to 1 min) until one succeeds.
 *
 * <p>{@link #run} is called by one thread (the models thread); {@link #accept} from any.
 */
final class ModelRun {

    private static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    private static final Duration LAST_RETRY = Duration.ofMinutes(1);

    private final ModelConfig config;
    private final Scorer scorer;
    private final long maxGapMillis;
    private final LongSupplier clock;
    private final SampleSink output;
    private final BiConsumer<String, Map<String, ?>> events;
    private final Map<TagId, TagWindow> windows = new LinkedHashMap<>();
    private final List<TagWindow> ordered = new ArrayList<>();
    private final float[] features;
    private final Backoff backoff;
    private long retryAtNanos;

    private volatile String state = "waiting";
    private volatile String problem = "";
    private volatile long runs;
    private volatile long skipped;
    private volatile long failures;
    private volatile long lastRunMillis;
    private volatile long lastLatencyMicros;
    private final Durations inference;
    private volatile float lastScore = Float.NaN;

    ModelRun(ModelConfig config, Scorer scorer, long maxGapMillis, LongSupplier clock, SampleSink output,
            BiConsumer<String, Map<String, ?>> events, Random random, Durations inference) {
        this.inference = inference;
        this.config = config;
        this.scorer = scorer;
        this.maxGapMillis = maxGapMillis;
        this.clock = clock;
        this.output = output;
        this.events = events;
        this.backoff = new Backoff(FIRST_RETRY, LAST_RETRY, 2.0, random);
        for (TagId input : config.inputs()) {
            TagWindow window = new TagWindow(input, config.window());
            windows.put(input, window);
            ordered.add(window);
        }
        this.features = new float[config.inputs().size() * config.window()];
    }

    List<TagId> inputs() {
        return config.inputs();
    }

    void accept(Sample sample) {
        TagWindow window = windows.get(sample.tag());
        if (window != null) {
            window.add(sample);
        }
    }

    void run() {
        long now = clock.getAsLong();
        if (retryAtNanos != 0 && System.nanoTime() - retryAtNanos < 0) {
            return;
        }
        for (int i = 0; i < ordered.size(); i++) {
            Optional<String> unusable = ordered.get(i).copyInto(features, i * config.window(), now, maxGapMillis);
            if (unusable.isPresent()) {
                if (!unusable.get().isEmpty()) {
                    skip(now, unusable.get());
                }
                return;
            }
        }
        long started = System.nanoTime();
        float score;
        try {
            score = scorer.score(features);
        } catch (ModelRunException | RuntimeException e) {
            inference.took(config.name(), System.nanoTime() - started);
            fail(now, e);
            return;
        }
        long took = System.nanoTime() - started;
        inference.took(config.name(), took);
        lastLatencyMicros = took / 1_000;
        if (state.equals("failing") || state.equals("skipping")) {
            events.accept("model-resumed", fields("after", problem));
        }
        backoff.reset();
        retryAtNanos = 0;
        state = "ok";
        problem = "";
        runs++;
        lastRunMillis = now;
        lastScore = score;
        output.accept(new Sample(config.output(), now, Value.of((double) score), Quality.GOOD));
    }

    private void skip(long now, String reason) {
        skipped++;
        // Once per spell of skipping: a gap's length changes with every run, its kind does not.
        if (!state.equals("skipping")) {
            events.accept("model-skipped", fields("reason", reason));
        }
        state = "skipping";
        problem = reason;
        output.accept(new Sample(config.output(), now, Value.of((double) lastScore), Quality.UNCERTAIN));
    }

    private void fail(long now, Exception e) {
        failures++;
        String reason = e.getMessage() != null ? e.getMessage() : e.toString();
        Duration retryIn = backoff.nextDelay();
        retryAtNanos = System.nanoTime() + Math.max(1, retryIn.toNanos());
        if (!state.equals("failing")) {
            events.accept("model-failed", fields("reason", reason, "retry_in_ms", retryIn.toMillis()));
        }
        state = "failing";
        problem = reason;
        output.accept(new Sample(config.output(), now, Value.NONE, Quality.BAD));
    }

    ModelStatus status() {
        float score = lastScore;
        return new ModelStatus(config.name(), config.output().toString(), state, runs, skipped, failures, lastRunMillis,
                lastLatencyMicros, Float.isNaN(score) ? OptionalDouble.empty() : OptionalDouble.of(score),
                problem.isEmpty() ? Optional.empty() : Optional.of(problem));
    }

    Duration every() {
        return config.every();
    }

    void close() {
        scorer.close();
    }

    private Map<String, Object> fields(Object... keyValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("model", config.name());
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return map;
    }
}
