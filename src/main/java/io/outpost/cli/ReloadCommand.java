package io.outpost.cli;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code outpost reload [--json]}: the running daemon re-reads its config file ({@code systemctl reload outpost}
 * runs this). A file that fails validation is refused with its problem lines and the old config runs on (exit 1).
 */
@Command(name = "reload", mixinStandardHelpOptions = true,
        description = "Make the running daemon re-read its config; a config that fails validation is refused and the"
                + " old one kept. Only what changed restarts.")
public final class ReloadCommand implements Callable<Integer> {

    /** A reload restarts the sources that changed; an OPC UA source's first connect may take a while. */
    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    @Mixin
    DaemonOptions daemon;

    @Override
    public Integer call() throws IOException {
        daemon.print(daemon.ask("reload", Map.of(), TIMEOUT), ReloadCommand::render);
        return 0;
    }

    private static String render(Map<String, Object> reply) {
        List<?> changed = reply.get("changed") instanceof List<?> l ? l : List.of();
        List<?> restarted = reply.get("restarted") instanceof List<?> l ? l : List.of();
        return reply.get("config") + ": reloaded, " + (changed.isEmpty() ? "nothing changed"
                : "changed " + join(changed) + (restarted.isEmpty() ? "" : "; restarted " + join(restarted)));
    }

    private static String join(List<?> items) {
        return String.join(", ", items.stream().map(String::valueOf).toList());
    }
}
