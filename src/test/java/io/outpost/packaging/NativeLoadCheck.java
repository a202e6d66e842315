package io.outpost.packaging;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.fazecast.jSerialComm.SerialPort;
import io.outpost.ops.NativeLibraries;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;

/**
 * Run in a JVM whose class path is a package's release alone ({@code lib/*}, natives stripped from the
 * jars) plus this class: loads each native part the way the daemon does, after
 * {@link NativeLibraries#useBundled}, and prints one line per part. Any failure ends it non-zero.
 *   NativeLoadCheck RELEASE_DIR MODEL_FILE
 */
public final class NativeLoadCheck {

    public static void main(String[] args) throws Exception {
        Path release = Path.of(args[0]);
        NativeLibraries.useBundled(release.resolve("lib").resolve("native"));
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(args[1], new OrtSession.SessionOptions());
                OnnxTensor window = OnnxTensor.createTensor(env, FloatBuffer.wrap(new float[32]), new long[] {1, 32});
                OrtSession.Result result = session.run(Map.of("window", window))) {
            float score = ((float[][]) result.get(0).getValue())[0][0];
            System.out.println("onnxruntime: scored one window, " + score + ", from " + System.getProperty("onnxruntime.native.path"));
        }
        System.out.println("jSerialComm: " + SerialPort.getCommPorts().length + " ports listed, from "
                + System.getProperty("jSerialComm.library.path"));
    }
}
