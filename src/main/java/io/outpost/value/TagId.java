package io.outpost.value;

import java.util.Objects;

/**
 * A tag's address: {@code source/name}, unique within a gateway.
 *
 * <p>A value class written out rather than a record: every sample is looked up by its tag in a few
 * maps on its way (exception filter, time order) and its address written into each record, ten
 * thousand times a second at 1,000 registers polled every 100 ms. A record's generated
 * {@code equals} and {@code hashCode} go through method handles that the gateway's C1-only JIT does
 * not inline (a third of the Modbus thread's samples in a Flight Recorder profile), and a record
 * cannot keep its {@code source/name} string. Equality and hash are those a record had.
 */
public final class TagId implements Comparable<TagId> {

    private final String source;
    private final String name;
    private final String address;

    public TagId(String source, String name) {
        this.source = Objects.requireNonNull(source, "source");
        this.name = Objects.requireNonNull(name, "name");
        this.address = source + "/" + name;
    }

    /** Parses {@code source/name}; the name may itself contain no further slash. */
    public static TagId parse(String text) {
        int slash = text.indexOf('/');
        if (slash <= 0 || slash == text.length() - 1 || text.indexOf('/', slash + 1) >= 0) {
            throw new IllegalArgumentException("not a tag address (source/name): " + text);
        }
        return new TagId(text.substring(0, slash), text.substring(slash + 1));
    }

    public String source() {
        return source;
    }

    public String name() {
        return name;
    }

    @Override
    public boolean equals(Object other) {
        return this == other || other instanceof TagId t && name.equals(t.name) && source.equals(t.source);
    }

    /** The hash a record of the two components had ({@code 31 * source + name}), so map orders stay as they were. */
    @Override
    public int hashCode() {
        return 31 * source.hashCode() + name.hashCode();
    }

    @Override
    public int compareTo(TagId other) {
        int c = source.compareTo(other.source);
        return c != 0 ? c : name.compareTo(other.name);
    }

    /** {@code source/name}, made once. */
    @Override
    public String toString() {
        return address;
    }
}
