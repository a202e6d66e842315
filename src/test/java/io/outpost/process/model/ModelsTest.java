package io.outpost.process.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.config.ModelConfig;
import io.outpost.source.simulator.VibrationWindows;
import io.outpost.value.Quality;
import io.outpost.value.Sample;
import io.outpost.value.TagId;
import io.outpost.value.Value;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Models in the real ONNX Runtime, run by hand (no timer) on windows fed sample by sample. */
class ModelsTest {

    private static final Path SHIPPED = Path.of("conf/models/vibration-anomaly-int8.onnx");
    private static final Path FAILS_UNLESS_ZERO = Path.of("src/test/resources/models/fails-unless-zero.onnx");
    private static final Path WINDOW_16 = Path.of("src/test/resources/models/mean-square-16.onnx");
    private static final TagId VIB = new TagId("sim", "vibration");
    private static final TagId SCORE = new TagId("sim", "anomaly_score");
    private static final double ABOVE = 0.01;

    private final AtomicLong now = new AtomicLong(1_718_064_000_000L);
    private final List<Sample> outputs = new ArrayList<>();
    private final List<String> events = new ArrayList<>();

    private ModelConfig model(Path file, Optional<Duration> maxGap) {
        return new ModelConfig("vib", file, List.of(VIB), 32, Duration.ofSeconds(1), maxGap, SCORE);
    }

    private Models open(ModelConfig config) throws ModelFileException {
        return Models.open(List.of(config), tag -> Optional.of(Duration.ofMillis(20)), now::get, outputs::add,
                (type, fields) -> events.add(type + " " + fields), new Random(1));
    }

    /** Feeds one window sample by sample, 20 ms apart, ending at the clock's now. */
    private void feed(Models models, float[] window) {
        for (float v : window) {
            models.accept(new Sample(VIB, now.addAndGet(20), Value.of((double) v), Quality.GOOD));
        }
    }

    private static ModelRun onlyRun(Models models) {
        return models.runs().get(0);
    }

    @Test
    void theShippedModelScoresHealthyWindowsLowAndTheFaultHighAsAGoodSampleOfItsOutputTag() throws Exception {
        try (Models models = open(model(SHIPPED, Optional.empty()))) {
            ModelRun run = onlyRun(models);
            run.run();
            assertEquals(List.of(), outputs, "no run before the window is full");
            for (float[] healthy : VibrationWindows.TRAINED.healthy(20, 7)) {
                feed(models, healthy);
                run.run();
            }
            for (float[] faulty : VibrationWindows.TRAINED.faulty(20, 8)) {
                feed(models, faulty);
                run.run();
            }
            assertEquals(40, outputs.size(), outputs.toString());
            for (int i = 0; i < 40; i++) {
                Sample out = outputs.get(i);
                assertEquals(SCORE, out.tag());
                assertEquals(Quality.GOOD, out.quality());
                double score = out.value().asDouble();
                assertTrue(i < 20 ? score < ABOVE : score > ABOVE, "window " + i + " scored " + score);
            }
            ModelStatus status = models.status().get(0);
            assertEquals("ok", status.state());
            assertEquals(40, status.runs());
            assertTrue(status.lastScore().getAsDouble() > ABOVE);
        }
    }

    @Test
    void aBadReadingOrAGapSkipsTheRunAndMakesTheOutputUncertainWithTheReason() throws Exception {
        try (Models models = open(model(SHIPPED, Optional.empty()))) {
            ModelRun run = onlyRun(models);
            feed(models, VibrationWindows.TRAINED.healthy(1, 3)[0]);
            run.run();
            double score = outputs.get(0).value().asDouble();

            models.accept(new Sample(VIB, now.addAndGet(20), Value.NONE, Quality.BAD));
            run.run();
            run.run();
            Sample skipped = outputs.get(1);
            assertEquals(Quality.UNCERTAIN, skipped.quality());
            assertEquals(score, skipped.value().asDouble(), 1e-9, "an uncertain output repeats the last score");
            assertTrue(models.status().get(0).problem().orElseThrow().contains("bad reading of sim/vibration"),
                    models.status().toString());
            assertEquals(1, events.stream().filter(e -> e.startsWith("model-skipped")).count(), "one event per spell: " + events);

            feed(models, VibrationWindows.TRAINED.healthy(1, 4)[0]);
            run.run();
            assertEquals(Quality.GOOD, outputs.get(outputs.size() - 1).quality());
            assertTrue(events.stream().anyMatch(e -> e.startsWith("model-resumed")), events.toString());

            now.addAndGet(61); // the default max_gap: 3 × 20 ms
            run.run();
            assertEquals(Quality.UNCERTAIN, outputs.get(outputs.size() - 1).quality());
            assertTrue(models.status().get(0).problem().orElseThrow().contains("no reading of sim/vibration for 61 ms"),
                    models.status().toString());
        }
    }

    @Test
    void aModelThatThrowsIsReportedGivesABadOutputIsHeldBackAndRecovers() throws Exception {
        try (Models models = open(model(FAILS_UNLESS_ZERO, Optional.of(Duration.ofMinutes(1))))) {
            ModelRun run = onlyRun(models);
            float[] nonZero = new float[32];
            nonZero[0] = 3;
            feed(models, nonZero);
            run.run();
            assertEquals(Quality.BAD, outputs.get(0).quality());
            ModelStatus failing = models.status().get(0);
            assertEquals("failing", failing.state());
            assertEquals(1, failing.failures());
            assertTrue(events.get(0).startsWith("model-failed") && events.get(0).contains("retry_in_ms"), events.toString());
            run.run();
            assertEquals(1, models.status().get(0).failures(), "held back until the backoff has passed");

            feed(models, new float[32]);
            Thread.sleep(1_100); // the first retry comes within 1 s
            run.run();
            assertEquals(Quality.GOOD, outputs.get(outputs.size() - 1).quality(), outputs.toString());
            assertEquals(0.5, outputs.get(outputs.size() - 1).value().asDouble(), 1e-6);
            assertEquals("ok", models.status().get(0).state());
        }
    }

    @Test
    void eachRunInTheRuntimeScoredOrFailedIsTimedUnderTheModelsNameAndNoOtherRunIs() throws Exception {
        List<String> timed = new ArrayList<>();
        try (Models models = Models.open(List.of(model(FAILS_UNLESS_ZERO, Optional.of(Duration.ofMinutes(1)))),
                tag -> Optional.of(Duration.ofMillis(20)), now::get, outputs::add, (type, fields) -> events.add(type),
                new Random(1), (model, nanos) -> timed.add(model + (nanos >= 0 ? "" : " negative")))) {
            ModelRun run = onlyRun(models);
            run.run();
            assertEquals(List.of(), timed, "no run before the window is full");
            feed(models, new float[32]);
            run.run();
            assertEquals(List.of("vib"), timed, "a scored run");
            float[] nonZero = new float[32];
            nonZero[0] = 3;
            feed(models, nonZero);
            run.run();
            assertEquals(List.of("vib", "vib"), timed, "a failed run");
            run.run();
            assertEquals(List.of("vib", "vib"), timed, "a run held back by the backoff never reaches the runtime");
            assertEquals(1, models.status().get(0).failures());
        }
    }

    @Test
    void missingCorruptAndWrongShapeFilesAreProblemsSayingWhatTheModelDeclaresAndTheConfigImplies(@TempDir Path dir)
            throws Exception {
        Path garbage = Files.write(dir.resolve("garbage.onnx"), "this is not a model".getBytes());
        List<ModelFiles.Problem> problems = ModelFiles.check(List.of(model(dir.resolve("missing.onnx"), Optional.empty()),
                model(garbage, Optional.empty()), model(WINDOW_16, Optional.empty()), model(SHIPPED, Optional.empty())));
        assertEquals(3, problems.size(), problems.toString());
        assertEquals("models[0].file", problems.get(0).keyPath());
        assertTrue(problems.get(0).message().contains("no model file"), problems.get(0).message());
        assertTrue(problems.get(1).message().contains("is not an ONNX model"), problems.get(1).message());
        String shape = problems.get(2).message();
        assertTrue(shape.contains("window: float[-1, 16]") && shape.contains("[batch, 32]"), shape);
    }

    @Test
    void theDefaultMaxGapIsThreeTimesTheSlowestInputAndNoneForAnInputReadOnChange() {
        TagId other = new TagId("plc", "flow");
        ModelConfig two = new ModelConfig("m", SHIPPED, List.of(VIB, other), 16, Duration.ofSeconds(1), Optional.empty(), SCORE);
        assertEquals(300, Models.maxGapMillis(two, t -> Optional.of(Duration.ofMillis(t.equals(VIB) ? 20 : 100))));
        assertEquals(0, Models.maxGapMillis(two, t -> t.equals(VIB) ? Optional.of(Duration.ofMillis(20)) : Optional.empty()));
        ModelConfig set = new ModelConfig("m", SHIPPED, List.of(VIB), 16, Duration.ofSeconds(1),
                Optional.of(Duration.ofSeconds(2)), SCORE);
        assertEquals(2000, Models.maxGapMillis(set, t -> Optional.empty()));
        assertFalse(Models.none().status().iterator().hasNext());
    }
}
