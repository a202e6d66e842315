package io.outpost.process.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.outpost.source.simulator.VibrationWindows;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The models shipped in conf/models, run in the real ONNX Runtime on windows the simulator's own
 * generator makes: the contract the model runtime relies on, and the thresholds the README
 * recommends.
 */
class ShippedModelTest {

    // conf/models/README.md, "Alarm threshold": change them there and here together.
    static final float ABOVE = 0.01f;
    static final float CLEAR = 0.005f;
    // int8 against float on one window, a fifth of ABOVE: the README's comparison shows how far inside it they stay.
    static final float AGREEMENT = 0.002f;

    private static final int WINDOWS = 200;
    private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();
    private static OrtSession int8;
    private static OrtSession floats;

    @BeforeAll
    static void load() throws OrtException {
        int8 = ENV.createSession("conf/models/vibration-anomaly-int8.onnx", new OrtSession.SessionOptions());
        floats = ENV.createSession("conf/models/vibration-anomaly-float.onnx", new OrtSession.SessionOptions());
    }

    @AfterAll
    static void close() throws OrtException {
        int8.close();
        floats.close();
    }

    @Test
    void takesABatchOfWindowsOf32NamedWindowAndGivesOneScoreEachNamedScore() throws OrtException {
        for (OrtSession session : List.of(int8, floats)) {
            assertEquals(List.of("window"), List.copyOf(session.getInputNames()));
            assertEquals(List.of("score"), List.copyOf(session.getOutputNames()));
            assertArrayEquals(new long[] {-1, 32}, shape(session.getInputInfo().get("window")));
            assertArrayEquals(new long[] {-1, 1}, shape(session.getOutputInfo().get("score")));
            float[][] batch = VibrationWindows.TRAINED.healthy(5, 1);
            assertEquals(5, scores(session, batch).length);
        }
    }

    @Test
    void theFloatModelScoresAWindowTheSameAloneAndInABatch() throws OrtException {
        float[][] batch = VibrationWindows.TRAINED.faulty(8, 2);
        float[] together = scores(floats, batch);
        for (int i = 0; i < batch.length; i++) {
            assertEquals(together[i], score(floats, batch[i]), 1e-6f);
        }
    }

    @Test
    void theInt8ModelScoresAWindowInABatchWithinTheAgreementOfAlone() throws OrtException {
        // Its activations are quantized over the whole batch: faulty windows widen the range for healthy ones.
        float[][] batch = new float[16][];
        float[][] healthy = VibrationWindows.TRAINED.healthy(8, 7);
        float[][] faulty = VibrationWindows.TRAINED.faulty(8, 8);
        for (int i = 0; i < 8; i++) {
            batch[2 * i] = healthy[i];
            batch[2 * i + 1] = faulty[i];
        }
        float[] together = scores(int8, batch);
        for (int i = 0; i < batch.length; i++) {
            assertEquals(score(int8, batch[i]), together[i], AGREEMENT);
        }
    }

    @Test
    void everyHealthyWindowScoresBelowClearAndEveryFaultyOneAboveTheThreshold() throws OrtException {
        assertSeparates(VibrationWindows.TRAINED);
    }

    @Test
    void fiftySamplesAPeriodIsWhatCountsNotThePeriodItself() throws OrtException {
        // The shipped default config samples a 5 s period every 100 ms: the same signal, sample by sample.
        assertSeparates(new VibrationWindows(Duration.ofSeconds(5), 1.0, Duration.ofMillis(100), 32));
    }

    @Test
    void int8AndFloatAgreeOnEveryWindowAndClassifyItTheSame() throws OrtException {
        List<float[]> windows = new ArrayList<>(List.of(VibrationWindows.TRAINED.healthy(WINDOWS, 5)));
        windows.addAll(List.of(VibrationWindows.TRAINED.faulty(WINDOWS, 6)));
        for (float[] window : windows) {
            float q = score(int8, window);
            float f = score(floats, window);
            assertEquals(f, q, AGREEMENT, "int8 and float apart");
            assertEquals(f > ABOVE, q > ABOVE, "int8 " + q + " and float " + f + " on either side of " + ABOVE);
        }
    }

    private static void assertSeparates(VibrationWindows signal) throws OrtException {
        float highestHealthy = 0;
        for (float[] window : signal.healthy(WINDOWS, 3)) {
            highestHealthy = Math.max(highestHealthy, score(int8, window));
        }
        float lowestFaulty = Float.MAX_VALUE;
        for (float[] window : signal.faulty(WINDOWS, 4)) {
            lowestFaulty = Math.min(lowestFaulty, score(int8, window));
        }
        assertTrue(highestHealthy < CLEAR, "a healthy window scored " + highestHealthy);
        assertTrue(lowestFaulty > ABOVE, "a faulty window scored " + lowestFaulty);
    }

    private static float score(OrtSession session, float[] window) throws OrtException {
        return scores(session, new float[][] {window})[0];
    }

    private static float[] scores(OrtSession session, float[][] windows) throws OrtException {
        try (OnnxTensor input = OnnxTensor.createTensor(ENV, windows);
                OrtSession.Result result = session.run(Map.of("window", input))) {
            float[][] out = (float[][]) result.get("score").orElseThrow().getValue();
            float[] scores = new float[out.length];
            for (int i = 0; i < out.length; i++) {
                assertEquals(1, out[i].length);
                scores[i] = out[i][0];
            }
            return scores;
        }
    }

    private static long[] shape(NodeInfo info) {
        return ((TensorInfo) info.getInfo()).getShape();
    }
}
