package io.outpost.process.model;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * A model in ONNX Runtime: one session, sized for a small device (one intra-op and one inter-op
 * thread, no spinning, sequential execution; arena and memory patterns off: for the shipped model
 * either way gives the same RSS (docs/BENCHMARKS.md, "Arena and memory patterns on or off"), and off
 * leaves no arena to grow with a larger one). The only class that touches the runtime's API, so a gateway without models
 * never loads it or its native library.
 */
final class OnnxScorer implements Scorer {

    private final OrtEnvironment env;
    private final OrtSession session;
    private final String inputName;
    private final long[] shape;
    private final FloatBuffer buffer;

    private OnnxScorer(OrtEnvironment env, OrtSession session, String inputName, long[] shape, int size) {
        this.env = env;
        this.session = session;
        this.inputName = inputName;
        this.shape = shape;
        // Direct, so the runtime reads the window where it is instead of copying it per run.
        this.buffer = ByteBuffer.allocateDirect(size * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    /**
     * Opens {@code file} and checks that it takes {@code inputs} windows of {@code window} float32
     * readings in a supported layout and gives one float32 score per window.
     */
    static OnnxScorer open(Path file, int inputs, int window) throws ModelFileException {
        if (!Files.isRegularFile(file)) {
            throw new ModelFileException("no model file " + file);
        }
        if (!Files.isReadable(file)) {
            throw new ModelFileException("model file " + file + " is not readable; make it readable for the outpost user");
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR, "outpost");
        OrtSession session;
        try (OrtSession.SessionOptions options = options()) {
            session = env.createSession(file.toString(), options);
        } catch (OrtException e) {
            throw new ModelFileException(file + " is not an ONNX model ONNX Runtime can load: " + firstLine(e.getMessage()), e);
        }
        try {
            String implied = "the config implies one float32 input [batch, " + inputs * window + "] or [batch, " + inputs
                    + ", " + window + "] (" + inputs + " input(s) × window " + window + ") and one float32 score out";
            Map<String, NodeInfo> in = session.getInputInfo();
            Map<String, NodeInfo> out = session.getOutputInfo();
            String declared = "the model declares inputs " + describe(in) + " and outputs " + describe(out);
            if (in.size() != 1 || out.isEmpty()) {
                throw new ModelFileException(declared + "; " + implied);
            }
            NodeInfo input = in.values().iterator().next();
            NodeInfo output = out.values().iterator().next();
            if (!(input.getInfo() instanceof TensorInfo inTensor) || inTensor.type != OnnxJavaType.FLOAT
                    || !(output.getInfo() instanceof TensorInfo outTensor) || outTensor.type != OnnxJavaType.FLOAT
                    || !oneScorePerWindow(outTensor.getShape())) {
                throw new ModelFileException(declared + "; " + implied);
            }
            WindowLayout layout = WindowLayout.of(inTensor.getShape(), inputs, window)
                    .orElseThrow(() -> new ModelFileException(declared + "; " + implied));
            return new OnnxScorer(env, session, input.getName(), layout.shape(inputs, window), inputs * window);
        } catch (OrtException e) {
            closeQuietly(session);
            throw new ModelFileException(file + ": ONNX Runtime cannot describe its inputs: " + firstLine(e.getMessage()), e);
        } catch (ModelFileException e) {
            closeQuietly(session);
            throw e;
        }
    }

    private static OrtSession.SessionOptions options() throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setIntraOpNumThreads(1);
        options.setInterOpNumThreads(1);
        options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
        // A spinning worker would burn a core between runs that come once a second.
        options.addConfigEntry("session.intra_op.allow_spinning", "0");
        options.addConfigEntry("session.inter_op.allow_spinning", "0");
        options.setCPUArenaAllocator(false);
        options.setMemoryPatternOptimization(false);
        return options;
    }

    /** [batch, 1], [batch], [1] or a scalar: one element once the batch is 1. */
    private static boolean oneScorePerWindow(long[] shape) {
        long elements = 1;
        for (int i = 0; i < shape.length; i++) {
            long d = shape[i];
            if (i == 0 && shape.length > 1 && d < 0) {
                continue;
            }
            if (d < 0 && shape.length == 1) {
                continue;
            }
            if (d < 0) {
                return false;
            }
            elements *= d;
        }
        return elements == 1;
    }

    @Override
    public float score(float[] window) throws ModelRunException {
        buffer.clear();
        buffer.put(window).flip();
        try (OnnxTensor tensor = OnnxTensor.createTensor(env, buffer, shape);
                OrtSession.Result result = session.run(Map.of(inputName, tensor))) {
            OnnxValue value = result.get(0);
            if (value instanceof OnnxTensor out) {
                FloatBuffer scores = out.getFloatBuffer();
                if (scores != null && scores.remaining() == 1) {
                    return scores.get(0);
                }
            }
            throw new ModelRunException("the model gave " + value.getInfo() + " instead of one float score", null);
        } catch (OrtException e) {
            throw new ModelRunException(firstLine(e.getMessage()), e);
        }
    }

    @Override
    public void close() {
        closeQuietly(session);
    }

    private static void closeQuietly(OrtSession session) {
        try {
            session.close();
        } catch (OrtException e) {
            // Nothing left to do for a session being let go.
        }
    }

    private static String describe(Map<String, NodeInfo> nodes) {
        StringBuilder out = new StringBuilder("[");
        for (NodeInfo node : nodes.values()) {
            if (out.length() > 1) {
                out.append(", ");
            }
            out.append(node.getName()).append(": ");
            if (node.getInfo() instanceof TensorInfo t) {
                out.append(t.type.name().toLowerCase(java.util.Locale.ROOT)).append(Arrays.toString(t.getShape()));
            } else {
                out.append(node.getInfo());
            }
        }
        return out.append(']').toString();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no detail";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
