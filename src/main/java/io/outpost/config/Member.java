package io.outpost.config;

import java.util.Map;

/**
 * One declared key of a mapping together with what a record holds for it: a plain value
 * ({@link Field}), a nested mapping ({@link SectionField}) or a list of mappings ({@link ListField}).
 * A {@link Schema} prints a record by walking its members, so no key is printed by hand.
 *
 * @param <R> the record the mapping becomes
 */
public interface Member<R> {

    Key<?> key();

    /** Writes the record's value for the key into {@code out}, if it holds one, as YAML holds it. */
    void print(R record, Map<String, Object> out);

    /** Reports the broken rules of a nested mapping found in {@code parent}; nothing for a plain value. */
    default void enforce(SectionValues parent, ReadContext ctx) {
    }
}
