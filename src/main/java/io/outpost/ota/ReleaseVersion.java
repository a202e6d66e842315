package io.outpost.ota;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A release version, {@code MAJOR.MINOR.PATCH} with an optional {@code -PRERELEASE} (dot-separated
 * identifiers of letters, digits and {@code -}); no build metadata. Ordered as Semantic Versioning 2.0
 * orders them: numbers numerically, a pre-release before its release ({@code 1.4.0-rc.1 < 1.4.0}),
 * pre-release identifiers one by one, numeric ones numerically and below alphanumeric ones, a shorter
 * list first when the rest is equal. The text is also the release's folder name, so it is kept short
 * (at most 64 characters) and free of anything a path could misread.
 */
public record ReleaseVersion(long major, long minor, long patch, List<String> preRelease, String text)
        implements Comparable<ReleaseVersion> {

    private static final Pattern FORM = Pattern.compile(
            "(0|[1-9][0-9]{0,8})\\.(0|[1-9][0-9]{0,8})\\.(0|[1-9][0-9]{0,8})(?:-([0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*))?");
    private static final int MAX_LENGTH = 64;

    public ReleaseVersion {
        preRelease = List.copyOf(preRelease);
    }

    /** Parses {@code text}, or says why it is not a version. */
    public static ReleaseVersion parse(String text) throws OtaRefusal {
        Matcher m = text.length() <= MAX_LENGTH ? FORM.matcher(text) : null;
        if (m == null || !m.matches()) {
            throw new OtaRefusal("not a version (MAJOR.MINOR.PATCH with an optional -PRERELEASE, at most "
                    + MAX_LENGTH + " characters): " + Quoting.quote(text));
        }
        List<String> pre = m.group(4) == null ? List.of() : List.of(m.group(4).split("\\."));
        for (String id : pre) {
            if (numeric(id) && id.length() > 1 && id.charAt(0) == '0') {
                throw new OtaRefusal("not a version: numeric pre-release identifier with a leading zero in " + Quoting.quote(text));
            }
        }
        return new ReleaseVersion(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3)), pre, text);
    }

    @Override
    public int compareTo(ReleaseVersion o) {
        int c = Long.compare(major, o.major);
        c = c != 0 ? c : Long.compare(minor, o.minor);
        c = c != 0 ? c : Long.compare(patch, o.patch);
        if (c != 0) {
            return c;
        }
        if (preRelease.isEmpty() || o.preRelease.isEmpty()) {
            return Boolean.compare(preRelease.isEmpty(), o.preRelease.isEmpty());
        }
        for (int i = 0; i < Math.min(preRelease.size(), o.preRelease.size()); i++) {
            c = identifier(preRelease.get(i), o.preRelease.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(preRelease.size(), o.preRelease.size());
    }

    private static int identifier(String a, String b) {
        boolean na = numeric(a);
        boolean nb = numeric(b);
        if (na && nb) {
            return a.length() != b.length() ? Integer.compare(a.length(), b.length()) : a.compareTo(b);
        }
        return na != nb ? (na ? -1 : 1) : a.compareTo(b);
    }

    private static boolean numeric(String id) {
        return id.chars().allMatch(ch -> ch >= '0' && ch <= '9');
    }

    @Override
    public String toString() {
        return text;
    }
}
