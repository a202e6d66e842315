package io.outpost.cli;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code outpost status [--json]}: asks the running daemon through its admin socket. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Ask the running daemon: version, uptime, each source's health, the queue per lane, the link.")
public final class StatusCommand implements Callable<Integer> {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Mixin
    DaemonOptions daemon;

    @Override
    public Integer call() throws IOException {
        daemon.print(daemon.ask("status", Map.of(), TIMEOUT), StatusTable::render);
        return 0;
    }
}
