package io.outpost.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Config sizes in bytes: a whole number and a unit, {@code B}, {@code KB}, {@code MB} or {@code GB},
 * powers of 1024 ({@code 64KB} = 65,536 bytes). Units are read case-insensitively: {@code 256mb}
 * cannot mean anything but megabytes here.
 */
public final class Sizes {

    private static final Pattern SIZE = Pattern.compile("(\\d+)([KMG]?B)", Pattern.CASE_INSENSITIVE);
    private static final Pattern BARE_NUMBER = Pattern.compile("\\d+");
    private static final int MAX_DIGITS = 9;
    private static final long KB = 1024;
    private static final long MB = KB * 1024;
    private static final long GB = MB * 1024;

    private Sizes() {
    }

    /** Parses a size, or throws {@link IllegalArgumentException} saying how to write it. */
    public static long parse(String text) {
        Matcher m = SIZE.matcher(text);
        if (m.matches()) {
            if (m.group(1).length() > MAX_DIGITS) {
                throw new IllegalArgumentException(Durations.quote(text) + " is too large a size");
            }
            long amount = Long.parseLong(m.group(1));
            long unit = switch (m.group(2).toUpperCase(Locale.ROOT)) {
                case "KB" -> KB;
                case "MB" -> MB;
                case "GB" -> GB;
                default -> 1;
            };
            return amount * unit;
        }
        String hint = BARE_NUMBER.matcher(text.trim()).matches()
                ? "add a unit, e.g. " + text.trim() + "MB (units: B, KB, MB, GB)"
                : "write a whole number and a unit, e.g. 64KB, 256MB or 1GB";
        throw new IllegalArgumentException(Durations.quote(text) + " is not a size: " + hint);
    }

    /** The largest unit that spells the size exactly: {@code 256MB}, {@code 1536KB}. */
    public static String format(long bytes) {
        if (bytes != 0 && bytes % GB == 0) {
            return bytes / GB + "GB";
        }
        if (bytes != 0 && bytes % MB == 0) {
            return bytes / MB + "MB";
        }
        if (bytes != 0 && bytes % KB == 0) {
            return bytes / KB + "KB";
        }
        return bytes + "B";
    }
}
