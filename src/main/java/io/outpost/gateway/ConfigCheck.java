package io.outpost.gateway;

import io.outpost.config.ConfigProblem;
import io.outpost.config.ConfigResult;
import io.outpost.config.KeyPositions;
import io.outpost.process.model.ModelFiles;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The one offline check of a config file: {@code outpost validate}, the config {@code outpost run} starts
 * with, and every reload go through it, so a reload accepts exactly what {@code validate} accepts.
 */
public final class ConfigCheck {

    private ConfigCheck() {
    }

    /** Loads and checks {@code file}: keys and values, then each model file against its entry. Prints nothing. */
    public static ConfigResult load(Path file) {
        ConfigResult result = SourceTypes.standard().loader().load(file);
        if (result.isValid() && !result.configOrThrow().models().isEmpty()) {
            // Only a config with models loads ONNX Runtime, here as in the daemon.
            List<ConfigProblem> models = ModelFiles.check(result.configOrThrow().models()).stream()
                    .map(p -> KeyPositions.problem(file, p.keyPath(), p.message())).toList();
            if (!models.isEmpty()) {
                return new ConfigResult(Optional.empty(), models, result.warnings());
            }
        }
        return result;
    }
}
