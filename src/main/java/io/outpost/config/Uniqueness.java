package io.outpost.config;

import java.util.HashMap;
import java.util.Map;
import org.yaml.snakeyaml.nodes.Node;

/** Values that must be unique in one scope (source names, tag names of a source, GPIO pins). */
public final class Uniqueness<K> {

    /** The complaint about a repeated value, given the line where it first appeared. */
    public interface Complaint<K> {
        String about(K value, int firstLine);
    }

    private final ReadContext ctx;
    private final Complaint<K> complaint;
    private final Map<K, Node> seen = new HashMap<>();

    public Uniqueness(ReadContext ctx, Complaint<K> complaint) {
        this.ctx = ctx;
        this.complaint = complaint;
    }

    /** "duplicate source name `x` (first at line 4)" */
    public static <K> Uniqueness<K> named(ReadContext ctx, String what) {
        return named(ctx, what, "");
    }

    /** "duplicate tag name `x` in source `s` (first at line 4)" */
    public static <K> Uniqueness<K> named(ReadContext ctx, String what, String scope) {
        return new Uniqueness<>(ctx, (name, line) -> "duplicate " + what + " `" + name + "`" + scope
                + " (first at line " + line + ")");
    }

    /**
     * Records the value of {@code key} in {@code section}, when it has one; returns true when it had
     * one not seen before, false (and the repeat reported at its value) otherwise.
     */
    public boolean add(SectionValues section, Key<K> key) {
        K value = section.get(key);
        return value != null && add(value, section.node(key), section.path(key));
    }

    /** Records {@code value}; reports it at {@code node} and returns false when it was seen before. */
    private boolean add(K value, Node node, String keyPath) {
        Node first = seen.putIfAbsent(value, node);
        if (first != null) {
            ctx.problem(node, keyPath, complaint.about(value, first.getStartMark().getLine() + 1));
            return false;
        }
        return true;
    }
}
