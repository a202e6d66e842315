package io.outpost.config;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** The constraints keys are declared with. */
public final class Checks {

    private Checks() {
    }

    public static Check<Integer> range(int min, int max) {
        return new Check<>(min + "–" + max, v -> v >= min && v <= max,
                v -> "must be from " + min + " to " + max + ", not " + v);
    }

    public static Check<Integer> oneOf(Integer... allowed) {
        Set<Integer> set = new TreeSet<>(List.of(allowed));
        String text = set.stream().map(String::valueOf).collect(Collectors.joining(", "));
        return new Check<>("one of " + text, set::contains, v -> "must be one of " + text + ", not " + v);
    }

    public static Check<Double> atLeast(double min) {
        return new Check<>("≥ " + min, v -> v >= min, v -> "must be at least " + min + ", not " + v);
    }

    public static Check<Double> between(double min, double max) {
        return new Check<>(min + "–" + max, v -> v >= min && v <= max,
                v -> "must be from " + min + " to " + max + ", not " + v);
    }

    public static Check<Double> nonZero() {
        return new Check<>("not 0", v -> v != 0.0, v -> "must not be 0");
    }

    public static Check<Duration> positive() {
        return new Check<>("> 0", v -> !v.isZero() && !v.isNegative(), v -> "must be more than 0");
    }

    public static Check<Duration> atMost(Duration max) {
        return new Check<>("≤ " + Durations.format(max), v -> v.compareTo(max) <= 0,
                v -> "must be at most " + Durations.format(max) + ", not " + Durations.format(v));
    }

    public static Check<Long> atLeastBytes(long min) {
        return new Check<>("≥ " + Sizes.format(min), v -> v >= min,
                v -> "must be at least " + Sizes.format(min) + ", not " + Sizes.format(v));
    }

    public static Check<String> matches(Pattern pattern, String what) {
        return new Check<>(what, v -> pattern.matcher(v).matches(), v -> Durations.quote(v) + " is not " + what);
    }

    /** Linux keeps a socket's path in 108 bytes, the last one a NUL. */
    public static Check<Path> socketPath() {
        int max = 107;
        return new Check<>("at most " + max + " bytes", p -> bytes(p) <= max, p -> "is " + bytes(p)
                + " bytes long; a Unix socket path can have at most " + max + ": choose a shorter one");
    }

    private static int bytes(Path path) {
        return path.toString().getBytes(StandardCharsets.UTF_8).length;
    }

    public static Check<List<?>> notEmpty(String what) {
        return new Check<>("at least one", v -> !v.isEmpty(), v -> "needs at least one " + what);
    }
}
