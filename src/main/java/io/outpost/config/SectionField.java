package io.outpost.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * A nested mapping ({@code uplink.tls}) declared by its own {@link Schema}, together with the part
 * of the parent record it fills. The key's docs, reading, rules and printing all come from that schema.
 *
 * @param defaultsWhenAbsent whether a mapping left out is read as all its keys at their defaults
 *                           ({@code store}) rather than as absent ({@code metrics})
 */
public record SectionField<R, N>(Key<SectionValues> key, Schema<N> schema, Function<? super R, Optional<N>> value,
        boolean defaultsWhenAbsent) implements Member<R> {

    public SectionField {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(value, "value");
        schema.requireReadBy(key);
    }

    /** A mapping that must be written. */
    public static <R, N> SectionField<R, N> required(String name, Schema<N> schema, String doc, Function<? super R, N> getter) {
        return new SectionField<>(Key.required(name, ValueTypes.section(schema.section()), doc), schema,
                record -> Optional.of(getter.apply(record)), false);
    }

    /** A mapping that may be left out, and then takes every key's default; the record always holds it. */
    public static <R, N> SectionField<R, N> withDefaults(String name, Schema<N> schema, String doc, String defaultNote,
            Function<? super R, N> getter) {
        return new SectionField<>(optionalKey(name, schema, doc, defaultNote), schema,
                record -> Optional.of(getter.apply(record)), true);
    }

    /** A mapping that may be left out, and then is not there at all. */
    public static <R, N> SectionField<R, N> optional(String name, Schema<N> schema, String doc, String defaultNote,
            Function<? super R, Optional<N>> getter) {
        return new SectionField<>(optionalKey(name, schema, doc, defaultNote), schema, getter, false);
    }

    private static Key<SectionValues> optionalKey(String name, Schema<?> schema, String doc, String defaultNote) {
        return Key.optional(name, ValueTypes.section(schema.section()), doc).defaultNote(defaultNote);
    }

    /** The nested mapping's values in {@code parent}; empty when it is left out without defaults, or is not a mapping. */
    Optional<SectionValues> values(SectionValues parent) {
        return defaultsWhenAbsent ? parent.sectionOrDefaults(key) : parent.find(key);
    }

    /** The record {@code make} gives from the nested mapping, when it is there and was read without problems. */
    Optional<N> bind(SectionValues parent, Function<SectionValues, N> make) {
        return values(parent).flatMap(values -> values.build(make));
    }

    @Override
    public void enforce(SectionValues parent, ReadContext ctx) {
        values(parent).ifPresent(values -> schema.enforce(values, ctx));
    }

    @Override
    public void print(R record, Map<String, Object> out) {
        value.apply(record).ifPresent(nested -> {
            Map<String, Object> printed = new LinkedHashMap<>();
            schema.print(nested, printed);
            out.put(key.name(), printed);
        });
    }
}
