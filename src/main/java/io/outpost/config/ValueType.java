package io.outpost.config;

import java.util.List;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.Node;

/** How the value of one kind of key is read from YAML, described in the docs, and written back. */
public interface ValueType<T> {

    /** What an acceptable value looks like, for the reference docs: "duration", "`none` \| `even`". */
    String describe();

    /** The value of {@code node}, or empty after reporting to {@code ctx} why it is not acceptable. */
    Optional<T> read(Node node, String keyPath, ReadContext ctx);

    /** The value as YAML would hold it (String, Number, List, Map), spelt as the config spells it. */
    default Object toYaml(T value) {
        return value;
    }

    /** The sections this type reads, for the reference docs; none for plain values. */
    default List<Section> sections() {
        return List.of();
    }
}
