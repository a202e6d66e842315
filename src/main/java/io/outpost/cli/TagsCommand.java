package io.outpost.cli;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code outpost tags [--watch] [--json] [PATTERN]}: every tag's last reading, from the running daemon. */
@Command(name = "tags", mixinStandardHelpOptions = true,
        description = "Every tag's current value, quality, age and source, from the running daemon.")
public final class TagsCommand implements Callable<Integer> {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final String CLEAR = "\033[H\033[2J";

    @Mixin
    DaemonOptions daemon;

    @Option(names = "--watch", description = "Ask again every second and redraw in place (like watch); Ctrl-C ends it."
            + " With --json: one line per second.")
    boolean watch;

    @Parameters(index = "0", arity = "0..1", paramLabel = "PATTERN", defaultValue = "*",
            description = "Only the tags whose address matches, e.g. 'press1/*' (* any characters, ? one).")
    String pattern;

    @Override
    public Integer call() throws IOException, InterruptedException {
        do {
            daemon.print(daemon.ask("tags", Map.of("pattern", pattern), TIMEOUT), fields -> watch
                    ? CLEAR + "every 1s: outpost tags " + pattern + "    " + Instant.now() + "\n\n" + render(fields)
                    : render(fields));
            System.out.flush();
            if (watch) {
                TimeUnit.SECONDS.sleep(1);
            }
        } while (watch);
        return 0;
    }

    static String render(Map<String, Object> reply) {
        TextTable table = new TextTable(List.of(new TextTable.Column("TAG", 30, false),
                new TextTable.Column("VALUE", 18, true), new TextTable.Column("QUALITY", 9, false),
                new TextTable.Column("AGE", 8, true), new TextTable.Column("SOURCE", 10, false)));
        List<?> tags = reply.get("tags") instanceof List<?> l ? l : List.of();
        for (Object item : tags) {
            Map<?, ?> tag = item instanceof Map<?, ?> m ? m : Map.of();
            Object quality = tag.get("quality");
            table.row(String.valueOf(tag.get("tag")), quality == null ? "-" : String.valueOf(tag.get("value")),
                    quality == null ? "no value" : String.valueOf(quality), TextTable.age(tag.get("age_ms")),
                    String.valueOf(tag.get("source")));
        }
        return tags.isEmpty() ? "no tag matches" : table.render();
    }
}
