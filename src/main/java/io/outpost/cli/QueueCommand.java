package io.outpost.cli;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code outpost queue stats | purge}: the running daemon's store-and-forward queue. */
@Command(name = "queue", mixinStandardHelpOptions = true, description = "The store-and-forward queue of the running daemon.",
        subcommands = {QueueCommand.StatsCommand.class, QueueCommand.PurgeCommand.class})
public final class QueueCommand implements Runnable {

    @Override
    public void run() {
        throw new UsageProblem("queue needs a subcommand: stats or purge");
    }

    /** {@code outpost queue stats [--json]}. */
    @Command(name = "stats", mixinStandardHelpOptions = true,
            description = "Records waiting per lane: depth, bytes, seq range, drops, age of the oldest.")
    static final class StatsCommand implements Callable<Integer> {

        @Mixin
        DaemonOptions daemon;

        @Override
        public Integer call() throws IOException {
            daemon.print(daemon.ask("queue-stats", Map.of(), Duration.ofSeconds(10)), StatsCommand::render);
            return 0;
        }

        static String render(Map<String, Object> reply) {
            TextTable table = new TextTable(List.of(new TextTable.Column("LANE", 10, false),
                    new TextTable.Column("DEPTH", 9, true), new TextTable.Column("BYTES", 12, true),
                    new TextTable.Column("FIRST_SEQ", 12, true), new TextTable.Column("LAST_SEQ", 12, true),
                    new TextTable.Column("DROPPED", 9, true), new TextTable.Column("OLDEST", 9, true)));
            Map<?, ?> lanes = reply.get("lanes") instanceof Map<?, ?> m ? m : Map.of();
            lanes.forEach((lane, value) -> {
                Map<?, ?> l = value instanceof Map<?, ?> m ? m : Map.of();
                table.row(String.valueOf(lane), String.valueOf(l.get("depth")), String.valueOf(l.get("bytes")),
                        String.valueOf(l.get("first_seq")), String.valueOf(l.get("last_seq")),
                        String.valueOf(l.get("dropped")), TextTable.age(l.get("oldest_age_ms")));
            });
            Map<?, ?> store = reply.get("store") instanceof Map<?, ?> m ? m : Map.of();
            return table.render() + "\nstore file " + store.get("file_bytes") + " bytes";
        }
    }

    /** {@code outpost queue purge --lane L --yes [--json]}. */
    @Command(name = "purge", mixinStandardHelpOptions = true,
            description = "Remove every record a lane holds now (they will never reach the broker); records stored"
                    + " meanwhile stay. Says the seq range purged; also an event.")
    static final class PurgeCommand implements Callable<Integer> {

        @Mixin
        DaemonOptions daemon;

        @Option(names = "--lane", required = true, paramLabel = "LANE", description = "telemetry, events or alarms.")
        String lane;

        @Option(names = "--yes", description = "Confirm: the records purged are lost for good.")
        boolean yes;

        @Override
        public Integer call() throws IOException {
            if (!yes) {
                throw new UsageProblem("queue purge loses the " + lane + " records for good; add --yes to confirm");
            }
            daemon.print(daemon.ask("queue-purge", Map.of("lane", lane), Duration.ofSeconds(120)), r ->
                    ((Number) r.get("count")).longValue() == 0 ? "lane " + r.get("lane") + " was empty; nothing purged"
                    : "purged " + r.get("count") + " " + r.get("lane") + " records, seq " + r.get("first_seq") + ".."
                            + r.get("last_seq"));
            return 0;
        }
    }
}
