package io.outpost.cli;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code outpost set TAG VALUE}: the local twin of {@code P/cmd/set-output}; prints the value read back. */
@Command(name = "set", mixinStandardHelpOptions = true,
        description = "Write an output tag through its source (as P/cmd/set-output does) and show the value read back.")
public final class SetCommand implements Callable<Integer> {

    @Mixin
    DaemonOptions daemon;

    @Parameters(index = "0", paramLabel = "TAG", description = "The tag's address, source/name, e.g. panel/lamp.")
    String tag;

    @Parameters(index = "1", paramLabel = "VALUE",
            description = "true or false, an integer, a decimal number; anything else is sent as a string.")
    String value;

    @Override
    public Integer call() throws IOException {
        daemon.print(daemon.ask("set-output", Map.of("tag", tag, "value", typed(value)), Duration.ofSeconds(30)),
                r -> r.get("tag") + " = " + r.get("value") + " (read back)");
        return 0;
    }

    /** As a JSON request would carry it: {@code true}, {@code 42}, {@code 1.5}, else the text. */
    static Object typed(String text) {
        if (text.equals("true") || text.equals("false")) {
            return Boolean.parseBoolean(text);
        }
        if (text.matches("[-+]?\\d{1,18}")) {
            return Long.parseLong(text);
        }
        if (text.matches("[-+]?(\\d+\\.\\d*|\\.\\d+|\\d+)([eE][-+]?\\d+)?")) {
            return Double.parseDouble(text);
        }
        return text;
    }
}
