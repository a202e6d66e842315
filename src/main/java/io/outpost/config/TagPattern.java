package io.outpost.config;

import io.outpost.value.TagId;
import java.util.regex.Pattern;

/**
 * A pattern of tag addresses, {@code source/name} where {@code *} stands for any run of characters
 * and {@code ?} for one, within its part ({@code press1/*}, {@code * /temperature} without the space):
 * {@code metrics.tag_labels}.
 */
public record TagPattern(String text) {

    private static final Pattern SYNTAX = Pattern.compile("[A-Za-z0-9_.*?-]+/[A-Za-z0-9_.*?-]+");

    public TagPattern {
        if (!SYNTAX.matcher(text).matches()) {
            throw new IllegalArgumentException("`" + text + "` is not a tag pattern: write `source/name`, with `*` for"
                    + " any run of characters and `?` for one, e.g. `press1/*` or `*/temperature`");
        }
    }

    public boolean matches(TagId tag) {
        int slash = text.indexOf('/');
        return glob(text.substring(0, slash), tag.source()) && glob(text.substring(slash + 1), tag.name());
    }

    private static boolean glob(String pattern, String text) {
        return matchFrom(pattern, 0, text, 0);
    }

    private static boolean matchFrom(String pattern, int p, String text, int t) {
        if (p == pattern.length()) {
            return t == text.length();
        }
        char c = pattern.charAt(p);
        if (c == '*') {
            for (int from = t; from <= text.length(); from++) {
                if (matchFrom(pattern, p + 1, text, from)) {
                    return true;
                }
            }
            return false;
        }
        return t < text.length() && (c == '?' || c == text.charAt(t)) && matchFrom(pattern, p + 1, text, t + 1);
    }

    @Override
    public String toString() {
        return text;
    }
}
