package io.outpost.cli;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/** The status reply as a short table for a person: who runs, the link, each source, each lane. */
final class StatusTable {

    private StatusTable() {
    }

    static String render(Map<String, Object> status) {
        StringBuilder out = new StringBuilder();
        out.append("outpost ").append(status.get("version")).append("  gateway ").append(status.get("gw"))
                .append("  boot ").append(status.get("boot")).append("  up ").append(uptime(number(status.get("uptime_ms"))))
                .append('\n');
        Map<String, Object> config = map(status.get("config"));
        out.append("config   ").append(config.get("file")).append("  ").append(digest(config.get("digest"))).append('\n');
        Map<String, Object> link = map(status.get("link"));
        out.append("link     ").append(link.get("state")).append("  (connects ").append(link.get("connects"))
                .append(", failed ").append(link.get("failed_connects")).append(", disconnects ")
                .append(link.get("disconnects")).append(", reconnects ").append(link.get("reconnects")).append(")\n");
        out.append("         broker ").append(link.get("broker"));
        if (link.get("connected_since") instanceof Number since) {
            out.append("  up since ").append(Instant.ofEpochMilli(since.longValue()).truncatedTo(ChronoUnit.SECONDS));
        }
        if (link.get("next_retry_in_ms") instanceof Number retry) {
            out.append("  next retry in ").append(TextTable.age(retry));
        }
        out.append('\n');
        detail(out, "         ", "last error", link.get("last_error"));

        Map<String, Object> sources = map(status.get("sources"));
        int width = sources.keySet().stream().mapToInt(String::length).max().orElse(0);
        out.append("sources\n");
        sources.forEach((name, value) -> {
            Map<String, Object> source = map(value);
            out.append(String.format("  %-" + width + "s  %-4s  reads %-8d failures %-5d %s%n", name,
                    Boolean.TRUE.equals(source.get("up")) ? "up" : "down", number(source.get("reads")),
                    number(source.get("failures")), rate(source)).stripTrailing() + "\n");
            String indent = " ".repeat(width + 4);
            detail(out, indent, "last error", source.get("last_error"));
            long missed = number(source.get("missed_polls"));
            if (missed > 0) {
                detail(out, indent, "missed polls", missed + " (a read was still running when the next was due:"
                        + " the source does not keep its poll interval)");
            }
            if (source.get("warnings") instanceof List<?> warnings) {
                warnings.forEach(w -> detail(out, indent, "warning", w));
            }
        });

        Map<String, Object> samples = map(status.get("samples"));
        out.append("samples  read ").append(number(samples.get("read"))).append("  passed ")
                .append(number(samples.get("passed"))).append("  restamped ").append(number(samples.get("restamped")))
                .append("  stored ").append(number(samples.get("stored"))).append("  refused ")
                .append(number(samples.get("refused"))).append('\n');
        out.append(String.format("queue      %10s %12s %12s %12s %9s %9s%n", "depth", "bytes", "first_seq", "last_seq",
                "dropped", "oldest"));
        map(status.get("lanes")).forEach((lane, value) -> {
            Map<String, Object> stats = map(value);
            out.append(String.format("  %-9s %9d %12d %12d %12d %9d %9s%n", lane, number(stats.get("depth")),
                    number(stats.get("bytes")), number(stats.get("first_seq")), number(stats.get("last_seq")),
                    number(stats.get("dropped")), TextTable.age(stats.get("oldest_age_ms"))));
        });
        if (status.get("models") instanceof List<?> models && !models.isEmpty()) {
            out.append("models\n");
            models.forEach(value -> {
                Map<String, Object> model = map(value);
                out.append(String.format("  %-20s %-8s runs %-7d failures %-4d last %s us  score %s%n", model.get("name"),
                        model.get("state"), number(model.get("runs")), number(model.get("failures")),
                        number(model.get("last_latency_us")), model.get("last_score") == null ? "-"
                                : String.format("%.4g", ((Number) model.get("last_score")).doubleValue())));
                detail(out, "    ", "problem", model.get("problem"));
            });
        }
        if (status.get("alarms_active") instanceof List<?> alarms) {
            out.append("alarms   ").append(alarms.isEmpty() ? "none active" : alarms.size() + " active").append('\n');
            alarms.forEach(value -> {
                Map<String, Object> alarm = map(value);
                out.append(String.format("  %-20s %-8s %s = %s%n", alarm.get("name"), alarm.get("severity"),
                        alarm.get("tag"), alarm.get("value")));
            });
        }
        return out.toString().stripTrailing();
    }

    /** {@code 9.8/s of 10.0}: readings per second achieved against asked; what is known of them. */
    private static String rate(Map<String, Object> source) {
        Object achieved = source.get("readings_per_s");
        Object asked = source.get("readings_per_s_asked");
        if (achieved == null) {
            return "";
        }
        return achieved + "/s" + (asked == null ? "" : " of " + asked);
    }

    /** The digest's first 12 hex digits: enough to tell two files apart at a glance; --json has all of it. */
    private static String digest(Object digest) {
        String text = String.valueOf(digest);
        return text.startsWith("sha256:") && text.length() > 19 ? text.substring(0, 19) : text;
    }

    private static void detail(StringBuilder out, String indent, String what, Object text) {
        if (text != null) {
            out.append(indent).append(what).append(": ").append(text).append('\n');
        }
    }

    /** {@code 3d 4h 05m}, {@code 2h 03m}, {@code 4m 12s}: enough to tell a restart from a long run. */
    static String uptime(long millis) {
        long s = millis / 1000;
        long days = s / 86_400;
        long hours = s % 86_400 / 3600;
        long minutes = s % 3600 / 60;
        if (days > 0) {
            return String.format("%dd %dh %02dm", days, hours, minutes);
        }
        if (hours > 0) {
            return String.format("%dh %02dm", hours, minutes);
        }
        return String.format("%dm %02ds", minutes, s % 60);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private static long number(Object value) {
        return value instanceof Number n ? n.longValue() : 0;
    }
}
