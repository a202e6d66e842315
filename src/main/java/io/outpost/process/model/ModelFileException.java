package io.outpost.process.model;

/**
 * A model file that cannot serve its config entry: missing, not an ONNX model, or declaring inputs
 * and outputs other than the config implies. The message says what the file declares and what the
 * config expects, for a {@code FILE:LINE:COL} line on {@code models[i].file}.
 */
public final class ModelFileException extends Exception {

    public ModelFileException(String message) {
        super(message);
    }

    public ModelFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
