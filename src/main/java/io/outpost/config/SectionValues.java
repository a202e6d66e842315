package io.outpost.config;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.yaml.snakeyaml.nodes.Node;

/**
 * The values read from one YAML mapping against its {@link Section}, each with the node it came
 * from so binders can report cross-key problems at the right place. Absent keys give their
 * declared default.
 */
public final class SectionValues implements Lookup {

    /** A key found in the mapping; {@code value} is null when it was present but not acceptable. */
    record Entry(Node keyNode, Node valueNode, Object value) {
    }

    private final Section section;
    private final Node node;
    private final String path;
    private final Map<String, Entry> entries;
    private final boolean clean;

    SectionValues(Section section, Node node, String path, Map<String, Entry> entries, boolean clean) {
        this.section = section;
        this.node = node;
        this.path = path;
        this.entries = Map.copyOf(entries);
        this.clean = clean;
    }

    /** An optional section left out of the file: every key has its default. */
    static SectionValues absent(Section section, Node parent, String path) {
        return new SectionValues(section, parent, path, Map.of(), true);
    }

    /** The same values, marked as not clean: a problem was found about the mapping as a whole. */
    SectionValues unclean() {
        return new SectionValues(section, node, path, entries, false);
    }

    public Section section() {
        return section;
    }

    /** The mapping node (or, for an absent section, the node of the section that would hold it). */
    public Node node() {
        return node;
    }

    public String path() {
        return path;
    }

    /** Whether everything in the mapping, nested sections included, was read without a problem. */
    public boolean clean() {
        return clean;
    }

    /** The value, the default when absent, or null when absent without default or not acceptable. */
    @SuppressWarnings("unchecked")
    public <T> T get(Key<T> key) {
        requireDeclared(key);
        Entry entry = entries.get(key.name());
        return entry == null ? key.defaultValue() : (T) entry.value();
    }

    @Override
    public <T> Optional<T> find(Key<T> key) {
        return Optional.ofNullable(get(key));
    }

    /** Whether the key is written in the file (whatever its value). */
    public boolean has(Key<?> key) {
        requireDeclared(key);
        return entries.containsKey(key.name());
    }

    /** The node of the key's value, or of the mapping when the key is absent. */
    public Node node(Key<?> key) {
        requireDeclared(key);
        Entry entry = entries.get(key.name());
        return entry == null ? node : entry.valueNode();
    }

    /** The node of the key itself (for "does not apply" problems), or of the mapping when absent. */
    public Node keyNode(Key<?> key) {
        requireDeclared(key);
        Entry entry = entries.get(key.name());
        return entry == null ? node : entry.keyNode();
    }

    /**
     * A nested section's values; the section's defaults when it is left out; empty when it is
     * written but is not a mapping (already reported).
     */
    Optional<SectionValues> sectionOrDefaults(Key<SectionValues> key) {
        if (has(key)) {
            return find(key);
        }
        return Optional.of(absent(key.type().sections().get(0), node, path(key)));
    }

    /** The record made from these values, when they were all read without a problem. */
    public <T> Optional<T> build(Function<SectionValues, T> factory) {
        return clean ? Optional.of(factory.apply(this)) : Optional.empty();
    }

    public String path(Key<?> key) {
        return YamlNodes.join(path, key.name());
    }

    private void requireDeclared(Key<?> key) {
        if (!section.declares(key)) {
            throw new IllegalArgumentException(section.path() + " does not declare " + key.name());
        }
    }
}
