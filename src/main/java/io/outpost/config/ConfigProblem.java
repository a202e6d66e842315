package io.outpost.config;

import java.nio.file.Path;
import java.util.Comparator;

/**
 * One thing wrong (or worth a warning) in a config file, at a 1-based line and column.
 *
 * <p>{@link #format()} gives {@code FILE:LINE:COL: key.path: message}. The key path names the
 * setting from the document root, with zero-based list indices: {@code sources[0].tags[1].deadband}.
 * A problem that belongs to no key (a YAML syntax error, an unreadable file) has an empty key path
 * and formats as {@code FILE:LINE:COL: message}.
 */
public record ConfigProblem(Path file, int line, int column, String keyPath, String message)
        implements Comparable<ConfigProblem> {

    private static final Comparator<ConfigProblem> ORDER = Comparator.comparingInt(ConfigProblem::line)
            .thenComparingInt(ConfigProblem::column)
            .thenComparing(ConfigProblem::keyPath)
            .thenComparing(ConfigProblem::message);

    public String format() {
        String where = file + ":" + line + ":" + column + ": ";
        return keyPath.isEmpty() ? where + message : where + keyPath + ": " + message;
    }

    /** The same problem reported against another file name, e.g. a name relative to a test case folder. */
    public ConfigProblem withFile(Path shownAs) {
        return new ConfigProblem(shownAs, line, column, keyPath, message);
    }

    @Override
    public int compareTo(ConfigProblem other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return format();
    }
}
