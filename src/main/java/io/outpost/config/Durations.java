package io.outpost.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Config durations: a whole number directly followed by {@code ms}, {@code s}, {@code m} or {@code h}
 * ({@code 250ms}, {@code 5s}, {@code 2m}, {@code 1h}). A bare number is refused because its unit
 * would be a guess; so are spaces and fractions, which have an exact spelling in a smaller unit.
 */
public final class Durations {

    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");
    private static final Pattern BARE_NUMBER = Pattern.compile("[-+]?\\d+(\\.\\d+)?");
    private static final Pattern SPACED = Pattern.compile("(\\d+)\\s+(ms|s|m|h)");
    private static final Pattern FRACTION = Pattern.compile("\\d*\\.\\d+\\s*(ms|s|m|h)");
    private static final Pattern NEGATIVE = Pattern.compile("-\\s*\\d+.*");
    private static final int MAX_DIGITS = 12;

    private Durations() {
    }

    /** Parses a duration, or throws {@link IllegalArgumentException} saying how to write it. */
    public static Duration parse(String text) {
        Matcher m = DURATION.matcher(text);
        if (m.matches()) {
            if (m.group(1).length() > MAX_DIGITS) {
                throw new IllegalArgumentException(quote(text) + " is too long a duration");
            }
            long amount = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                default -> Duration.ofHours(amount);
            };
        }
        throw new IllegalArgumentException(quote(text) + " is not a duration: " + hint(text));
    }

    /** The shortest exact spelling: {@code 1500ms}, {@code 2m}, {@code 1h}. */
    public static String format(Duration duration) {
        long ms = duration.toMillis();
        if (ms != 0 && ms % 3_600_000 == 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms != 0 && ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        }
        if (ms != 0 && ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }

    private static String hint(String text) {
        String trimmed = text.trim();
        if (BARE_NUMBER.matcher(trimmed).matches()) {
            return "add a unit, e.g. " + trimmed + "s (units: ms, s, m, h)";
        }
        Matcher spaced = SPACED.matcher(trimmed);
        if (spaced.matches()) {
            return "write it without a space, e.g. " + spaced.group(1) + spaced.group(2);
        }
        if (FRACTION.matcher(trimmed).matches()) {
            return "use a whole number of a smaller unit, e.g. 1500ms for 1.5s";
        }
        if (NEGATIVE.matcher(trimmed).matches()) {
            return "durations cannot be negative";
        }
        return "write a whole number and a unit, e.g. 250ms, 5s, 2m or 1h";
    }

    public static String quote(String text) {
        return "\"" + text + "\"";
    }
}
