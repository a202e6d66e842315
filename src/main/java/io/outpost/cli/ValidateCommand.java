package io.outpost.cli;

import io.outpost.config.ConfigProblem;
import io.outpost.config.ConfigResult;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code outpost validate}: checks a config; exit 0, or 2 with one line per problem. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check a config file: exit 0, or exit 2 with one line per problem (FILE:LINE:COL: key.path: message).")
public final class ValidateCommand implements Callable<Integer> {

    @Mixin
    ConfigOption config;

    @Override
    public Integer call() {
        Path file = config.resolve();
        ConfigResult result = ConfigFiles.load(file);
        if (!result.isValid()) {
            result.problems().stream().map(ConfigProblem::format).forEach(System.out::println);
            return 2;
        }
        System.out.println(file + ": ok");
        return 0;
    }
}
