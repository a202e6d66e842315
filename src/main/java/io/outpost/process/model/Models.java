package io.outpost.process.model;

import io.outpost.log.RepeatedLines;
import io.outpost.config.ModelConfig;
import io.outpost.threads.DaemonThreads;
import io.outpost.value.Durations;
import io.outpost.value.Sample;
import io.outpost.value.SampleSink;
import io.outpost.value.TagId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The configured models, fed every reading of their inputs and run on one thread ({@code models})
 * each at its {@code every}. Their outputs go to {@code output}, the same path a source's samples
 * take. Without models there is no thread and ONNX Runtime is never loaded.
 */
public final class Models implements SampleSink, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Models.class);
    private final RepeatedLines repeats = new RepeatedLines();

    private final List<ModelRun> runs;
    private final Map<TagId, List<ModelRun>> byInput = new HashMap<>();
    private ScheduledExecutorService thread;

    private Models(List<ModelRun> runs) {
        this.runs = List.copyOf(runs);
        for (ModelRun run : runs) {
            for (TagId input : run.inputs()) {
                byInput.computeIfAbsent(input, t -> new ArrayList<>()).add(run);
            }
        }
    }

    /** No models: accepts and drops every sample, starts nothing. */
    public static Models none() {
        return new Models(List.of());
    }

    /**
     * Loads every model of {@code configs} (each file once, one session each).
     *
     * @param intervalOf the reading interval of a tag, for the default {@code max_gap}; empty for a tag
     *     read on change
     * @throws ModelFileException naming the model, when a file cannot serve its entry; those loaded
     *     before it are closed again
     */
    public static Models open(List<ModelConfig> configs, Function<TagId, java.util.Optional<Duration>> intervalOf,
            LongSupplier clock, SampleSink output, BiConsumer<String, Map<String, ?>> events, Random random)
            throws ModelFileException {
        return open(configs, intervalOf, clock, output, events, random, Durations.NONE);
    }

    /** As above; {@code inference} is told how long each run took in the runtime, by model name, failed or not. */
    public static Models open(List<ModelConfig> configs, Function<TagId, java.util.Optional<Duration>> intervalOf,
            LongSupplier clock, SampleSink output, BiConsumer<String, Map<String, ?>> events, Random random,
            Durations inference) throws ModelFileException {
        List<ModelRun> runs = new ArrayList<>();
        try {
            for (ModelConfig config : configs) {
                Scorer scorer;
                try {
                    scorer = OnnxScorer.open(config.file(), config.inputs().size(), config.window());
                } catch (ModelFileException e) {
                    throw new ModelFileException("model " + config.name() + ": " + e.getMessage(), e);
                }
                runs.add(new ModelRun(config, scorer, maxGapMillis(config, intervalOf), clock, output, events, random,
                        inference));
            }
        } catch (ModelFileException | RuntimeException e) {
            runs.forEach(ModelRun::close);
            throw e;
        }
        return new Models(runs);
    }

    /** {@code max_gap}, else 3 × the slowest input's interval; 0 (no check) when an input has none. */
    static long maxGapMillis(ModelConfig config, Function<TagId, java.util.Optional<Duration>> intervalOf) {
        if (config.maxGap().isPresent()) {
            return config.maxGap().get().toMillis();
        }
        long slowest = 0;
        for (TagId input : config.inputs()) {
            java.util.Optional<Duration> interval = intervalOf.apply(input);
            if (interval.isEmpty()) {
                return 0;
            }
            slowest = Math.max(slowest, interval.get().toMillis());
        }
        return 3 * slowest;
    }

    /** Starts the runs; each first runs one {@code every} after this. */
    public synchronized void start() {
        if (runs.isEmpty() || thread != null) {
            return;
        }
        thread = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("models"));
        for (ModelRun run : runs) {
            long every = run.every().toNanos();
            thread.scheduleAtFixedRate(() -> runGuarded(run), every, every, TimeUnit.NANOSECONDS);
        }
    }

    /** A run must never end its schedule: a throw would cancel every later run of that model. */
    private void runGuarded(ModelRun run) {
        try {
            run.run();
        } catch (RuntimeException | LinkageError e) {
            String model = run.status().name();
            repeats.admit("model-run-failed " + model).ifPresent(repeated ->
                    log.warn("event=model-run-failed model={} error=\"{}\"{}", model, e, repeated));
        }
    }

    @Override
    public void accept(Sample sample) {
        List<ModelRun> fed = byInput.get(sample.tag());
        if (fed != null) {
            for (ModelRun run : fed) {
                run.accept(sample);
            }
        }
    }

    /** The runs, for running one by hand (tests) instead of on the timer. */
    List<ModelRun> runs() {
        return runs;
    }

    public List<ModelStatus> status() {
        return runs.stream().map(ModelRun::status).toList();
    }

    /** Stops the runs, then releases the sessions. */
    @Override
    public synchronized void close() {
        if (thread != null) {
            thread.shutdownNow();
            try {
                thread.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        runs.forEach(ModelRun::close);
    }
}
