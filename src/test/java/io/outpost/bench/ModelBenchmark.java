package io.outpost.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtSession.SessionOptions;
import ai.onnxruntime.OrtSession.SessionOptions.ExecutionMode;
import io.outpost.source.simulator.VibrationWindows;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * The shipped vibration models, float against int8, in the real ONNX Runtime with the session
 * options a gateway runs them with (one thread, sequential, no spinning between runs, arena and
 * memory patterns off): file size, how closely the scores agree on the same simulator windows (healthy
 * and faulty) and whether they fall on the same side of the alarm threshold, and the latency of one
 * single-window run; then both again with the arena and memory patterns on (ONNX Runtime's default),
 * for the latency that costs. Its output is the comparison in conf/models/README.md.
 *
 * <pre>
 * bench/java.sh ModelBenchmark [windows per kind] [timed runs] [warm-up runs]
 * </pre>
 */
public final class ModelBenchmark {

    private static final Path FLOAT = Path.of("conf/models/vibration-anomaly-float.onnx");
    private static final Path INT8 = Path.of("conf/models/vibration-anomaly-int8.onnx");
    // conf/models/README.md, "Alarm threshold".
    private static final float ABOVE = 0.01f;
    private static final float CLEAR = 0.005f;
    private static final long[] ONE_WINDOW = {1, 32};

    private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();

    private ModelBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int perKind = args.length > 0 ? Integer.parseInt(args[0]) : 1_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        int warmUp = args.length > 2 ? Integer.parseInt(args[2]) : 2_000;
        float[][] healthy = VibrationWindows.TRAINED.healthy(perKind, 101);
        float[][] faulty = VibrationWindows.TRAINED.faulty(perKind, 202);
        try (SessionOptions options = gatewayOptions(false);
                SessionOptions arenaOn = gatewayOptions(true);
                OrtSession floats = ENV.createSession(FLOAT.toString(), options);
                OrtSession int8 = ENV.createSession(INT8.toString(), options);
                OrtSession floatsArena = ENV.createSession(FLOAT.toString(), arenaOn);
                OrtSession int8Arena = ENV.createSession(INT8.toString(), arenaOn)) {
            System.out.printf(Locale.ROOT, "ONNX Runtime %s, %s %s, %d cores, Java %s%n", ENV.getVersion(),
                    System.getProperty("os.arch"), System.getProperty("os.name"), Runtime.getRuntime().availableProcessors(),
                    System.getProperty("java.version"));
            System.out.printf(Locale.ROOT, "windows: %d healthy + %d faulty (period 1s, amplitude 1.0, interval 20ms, 32 samples)%n",
                    perKind, perKind);
            System.out.printf(Locale.ROOT, "threshold: above %s, clear %s%n%n", ABOVE, CLEAR);
            Scores f = Scores.of(floats, healthy, faulty);
            Scores q = Scores.of(int8, healthy, faulty);
            System.out.println("| model | file bytes | healthy max | faulty min | wrong side of threshold | p50 µs | p99 µs | p99.9 µs |");
            System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|");
            row("float", FLOAT, f, latency(floats, healthy, faulty, runs, warmUp));
            row("int8", INT8, q, latency(int8, healthy, faulty, runs, warmUp));
            row("float, arena on", FLOAT, Scores.of(floatsArena, healthy, faulty), latency(floatsArena, healthy, faulty, runs, warmUp));
            row("int8, arena on", INT8, Scores.of(int8Arena, healthy, faulty), latency(int8Arena, healthy, faulty, runs, warmUp));
            System.out.println();
            agreement(f, q);
        }
    }

    /**
     * The options OnnxScorer gives a gateway's session (arena and memory patterns off), or with
     * {@code arena}, the same with ONNX Runtime's defaults for those two (both on).
     */
    static SessionOptions gatewayOptions(boolean arena) throws OrtException {
        SessionOptions options = new SessionOptions();
        options.setIntraOpNumThreads(1);
        options.setInterOpNumThreads(1);
        options.setExecutionMode(ExecutionMode.SEQUENTIAL);
        // A window every second or so: a thread spinning in between would burn a core for nothing.
        options.addConfigEntry("session.intra_op.allow_spinning", "0");
        options.addConfigEntry("session.inter_op.allow_spinning", "0");
        options.setCPUArenaAllocator(arena);
        options.setMemoryPatternOptimization(arena);
        return options;
    }

    /** Every window's score, healthy then faulty. */
    private record Scores(float[] healthy, float[] faulty) {

        static Scores of(OrtSession session, float[][] healthy, float[][] faulty) throws OrtException {
            return new Scores(each(session, healthy), each(session, faulty));
        }

        private static float[] each(OrtSession session, float[][] windows) throws OrtException {
            float[] out = new float[windows.length];
            for (int i = 0; i < windows.length; i++) {
                out[i] = score(session, windows[i]);
            }
            return out;
        }

        float healthyMax() {
            float max = -Float.MAX_VALUE;
            for (float s : healthy) {
                max = Math.max(max, s);
            }
            return max;
        }

        float faultyMin() {
            float min = Float.MAX_VALUE;
            for (float s : faulty) {
                min = Math.min(min, s);
            }
            return min;
        }

        long wrongSide() {
            long wrong = 0;
            for (float s : healthy) {
                wrong += s > ABOVE ? 1 : 0;
            }
            for (float s : faulty) {
                wrong += s > ABOVE ? 0 : 1;
            }
            return wrong;
        }

        float[] all() {
            float[] all = Arrays.copyOf(healthy, healthy.length + faulty.length);
            System.arraycopy(faulty, 0, all, healthy.length, faulty.length);
            return all;
        }
    }

    private static float score(OrtSession session, float[] window) throws OrtException {
        try (OnnxTensor input = OnnxTensor.createTensor(ENV, FloatBuffer.wrap(window), ONE_WINDOW);
                OrtSession.Result result = session.run(Map.of("window", input))) {
            return ((float[][]) result.get(0).getValue())[0][0];
        }
    }

    /** Nanoseconds of each timed run, tensor made and result read included, as the gateway will pay them. */
    private static long[] latency(OrtSession session, float[][] healthy, float[][] faulty, int runs, int warmUp)
            throws OrtException {
        float sink = 0;
        for (int i = 0; i < warmUp; i++) {
            sink += score(session, (i % 2 == 0 ? healthy : faulty)[i % healthy.length]);
        }
        long[] nanos = new long[runs];
        for (int i = 0; i < runs; i++) {
            float[] window = (i % 2 == 0 ? healthy : faulty)[i % healthy.length];
            long start = System.nanoTime();
            sink += score(session, window);
            nanos[i] = System.nanoTime() - start;
        }
        if (Float.isNaN(sink)) {
            throw new IllegalStateException("a NaN score");
        }
        Arrays.sort(nanos);
        return nanos;
    }

    private static void row(String name, Path file, Scores scores, long[] sortedNanos) throws Exception {
        System.out.printf(Locale.ROOT, "| %s | %d | %.5f | %.5f | %d of %d | %.1f | %.1f | %.1f |%n", name, Files.size(file),
                scores.healthyMax(), scores.faultyMin(), scores.wrongSide(), scores.healthy.length + scores.faulty.length,
                micros(sortedNanos, 0.50), micros(sortedNanos, 0.99), micros(sortedNanos, 0.999));
    }

    private static double micros(long[] sorted, double quantile) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)] / 1_000.0;
    }

    private static void agreement(Scores f, Scores q) {
        System.out.printf(Locale.ROOT, "int8 against float: healthy %s; faulty %s; Pearson r %.6f over all %d%n",
                differences(f.healthy, q.healthy), differences(f.faulty, q.faulty), pearson(f.all(), q.all()),
                f.all().length);
    }

    private static String differences(float[] a, float[] b) {
        double maxAbs = 0;
        double maxRel = 0;
        double mean = 0;
        for (int i = 0; i < a.length; i++) {
            maxAbs = Math.max(maxAbs, Math.abs(b[i] - a[i]));
            maxRel = Math.max(maxRel, Math.abs(b[i] - a[i]) / a[i]);
            mean += (b[i] - a[i]) / a.length;
        }
        return String.format(Locale.ROOT, "max |diff| %.6f, mean diff %+.6f, max relative %.1f %%", maxAbs, mean, 100 * maxRel);
    }

    private static double pearson(float[] a, float[] b) {
        double ma = 0;
        double mb = 0;
        for (int i = 0; i < a.length; i++) {
            ma += a[i];
            mb += b[i];
        }
        ma /= a.length;
        mb /= b.length;
        double cov = 0;
        double va = 0;
        double vb = 0;
        for (int i = 0; i < a.length; i++) {
            cov += (a[i] - ma) * (b[i] - mb);
            va += (a[i] - ma) * (a[i] - ma);
            vb += (b[i] - mb) * (b[i] - mb);
        }
        return cov / Math.sqrt(va * vb);
    }
}
