package io.outpost.cli;

import io.outpost.gateway.SourceTypes;
import io.outpost.config.ConfigProblem;
import io.outpost.config.ConfigResult;
import io.outpost.config.OutpostConfig;
import io.outpost.config.KeyPositions;
import io.outpost.process.model.ModelFiles;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Loads a config for a command and speaks to the operator about it (problems, warnings). */
final class ConfigFiles {

    private ConfigFiles() {
    }

    /** The validated config; prints warnings and problems to stderr, and fails with exit 2 on problems. */
    static OutpostConfig require(Path file) {
        ConfigResult result = load(file);
        if (!result.isValid()) {
            result.problems().forEach(p -> System.err.println(p.format()));
            throw new UsageProblem(file + ": " + result.problems().size() + " problem(s); fix them and check with "
                    + "`outpost validate -c " + file + "`");
        }
        return result.config().orElseThrow();
    }

    /** Loads {@code file} and prints its warnings to stderr. */
    static ConfigResult load(Path file) {
        ConfigResult result = SourceTypes.standard().loader().load(file);
        for (ConfigProblem warning : result.warnings()) {
            System.err.println("warning: " + warning.format());
        }
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
