package io.outpost.config;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What loading a config file gave: the config when there are no problems, otherwise every problem
 * found, sorted by position. Warnings (e.g. a secret file readable by others) never make a config
 * invalid; they come with either outcome.
 */
public record ConfigResult(Optional<OutpostConfig> config, List<ConfigProblem> problems, List<ConfigProblem> warnings) {

    public ConfigResult {
        problems = problems.stream().sorted().toList();
        warnings = warnings.stream().sorted().toList();
        if (config.isPresent() == !problems.isEmpty()) {
            throw new IllegalArgumentException("a config comes exactly when there are no problems");
        }
    }

    public boolean isValid() {
        return problems.isEmpty();
    }

    /** The config, or a {@link ConfigException} listing every problem, one formatted line each. */
    public OutpostConfig configOrThrow() {
        return config.orElseThrow(() -> new ConfigException(problems));
    }

    /** Every problem as {@code FILE:LINE:COL: key.path: message}, one per line. */
    public String formatProblems() {
        return problems.stream().map(ConfigProblem::format).collect(Collectors.joining("\n"));
    }
}
