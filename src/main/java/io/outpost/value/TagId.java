package io.outpost.value;

import java.util.Objects;

/** A tag's address: {@code source/name}, unique within a gateway. */
public record TagId(String source, String name) implements Comparable<TagId> {

    public TagId {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(name, "name");
    }

    /** Parses {@code source/name}; the name may itself contain no further slash. */
    public static TagId parse(String text) {
        int slash = text.indexOf('/');
        if (slash <= 0 || slash == text.length() - 1 || text.indexOf('/', slash + 1) >= 0) {
            throw new IllegalArgumentException("not a tag address (source/name): " + text);
        }
        return new TagId(text.substring(0, slash), text.substring(slash + 1));
    }

    @Override
    public int compareTo(TagId other) {
        int c = source.compareTo(other.source);
        return c != 0 ? c : name.compareTo(other.name);
    }

    @Override
    public String toString() {
        return source + "/" + name;
    }
}
