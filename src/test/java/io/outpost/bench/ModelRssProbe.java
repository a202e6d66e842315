package io.outpost.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtSession.SessionOptions;
import io.outpost.source.simulator.VibrationWindows;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * One side of {@code bench/model-arena-rss.sh}: the process's RSS before ONNX Runtime is loaded, once
 * the shipped int8 model's session is open, and after RUNS single-window runs, with the gateway's
 * session options ({@code off}: arena and memory patterns off) or ONNX Runtime's defaults for those
 * two ({@code on}).
 *
 * <pre>
 * ModelRssProbe off|on RUNS
 * </pre>
 * Prints {@code before_kb session_kb after_kb anon_before_kb anon_after_kb}.
 */
public final class ModelRssProbe {

    private static final Path INT8 = Path.of("conf/models/vibration-anomaly-int8.onnx");
    private static final long[] ONE_WINDOW = {1, 32};

    private ModelRssProbe() {
    }

    public static void main(String[] args) throws Exception {
        boolean arena = switch (args[0]) {
            case "on" -> true;
            case "off" -> false;
            default -> throw new IllegalArgumentException("on or off, not " + args[0]);
        };
        int runs = Integer.parseInt(args[1]);
        float[][] windows = VibrationWindows.TRAINED.healthy(500, 7);
        System.gc();
        long before = status("VmRSS");
        long anonBefore = status("RssAnon");
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        float sink = 0;
        try (SessionOptions options = ModelBenchmark.gatewayOptions(arena);
                OrtSession session = env.createSession(INT8.toString(), options)) {
            long opened = status("VmRSS");
            for (int i = 0; i < runs; i++) {
                try (OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(windows[i % windows.length]), ONE_WINDOW);
                        OrtSession.Result result = session.run(Map.of("window", input))) {
                    sink += ((float[][]) result.get(0).getValue())[0][0];
                }
            }
            System.gc();
            if (Float.isNaN(sink)) {
                throw new IllegalStateException("a NaN score");
            }
            System.out.printf(Locale.ROOT, "%d %d %d %d %d%n", before, opened, status("VmRSS"), anonBefore, status("RssAnon"));
        }
    }

    private static long status(String field) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no " + field + " in /proc/self/status");
    }
}
