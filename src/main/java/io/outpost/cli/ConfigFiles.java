package io.outpost.cli;

import io.outpost.config.ConfigProblem;
import io.outpost.config.ConfigResult;
import io.outpost.config.OutpostConfig;
import io.outpost.gateway.ConfigCheck;
import java.nio.file.Path;

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

    /** Loads and checks {@code file} ({@link ConfigCheck}) and prints its warnings to stderr. */
    static ConfigResult load(Path file) {
        ConfigResult result = ConfigCheck.load(file);
        for (ConfigProblem warning : result.warnings()) {
            System.err.println("warning: " + warning.format());
        }
        return result;
    }
}
