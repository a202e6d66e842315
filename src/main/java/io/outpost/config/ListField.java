package io.outpost.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * A list of mappings ({@code models:}, {@code sources:}) together with the part of the parent record
 * it fills and how one entry is printed. Its entries are bound by the list's own binder, which sees
 * across them (unique names, tag references), so the list adds no rules to its parent.
 */
public record ListField<R, E>(Key<List<SectionValues>> key, Function<? super R, List<E>> value,
        Function<? super E, Map<String, Object>> entry) implements Member<R> {

    public ListField {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(entry, "entry");
    }

    /** A list whose entries are all declared by {@code schema}. */
    public static <R, E> ListField<R, E> of(Key<List<SectionValues>> key, Schema<E> schema, Function<? super R, List<E>> getter) {
        schema.requireReadBy(key);
        return new ListField<>(key, getter, element -> {
            Map<String, Object> printed = new LinkedHashMap<>();
            schema.print(element, printed);
            return printed;
        });
    }

    @Override
    public void print(R record, Map<String, Object> out) {
        out.put(key.name(), value.apply(record).stream().map(entry).toList());
    }
}
