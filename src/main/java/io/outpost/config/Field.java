package io.outpost.config;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * A key together with the part of a record it fills. The record is printed back through these, so
 * a key that is declared is also printed: there is no second list of keys to forget one in.
 *
 * @param value the record's value for the key; empty when the record holds none (an optional key left out)
 */
public record Field<R, T>(Key<T> key, Function<? super R, Optional<T>> value) implements Member<R> {

    public Field {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
    }

    /** A key whose value the record always holds. */
    public static <R, T> Field<R, T> of(Key<T> key, Function<? super R, T> getter) {
        return new Field<>(key, record -> Optional.of(getter.apply(record)));
    }

    /** A key whose value the record may lack. */
    public static <R, T> Field<R, T> optional(Key<T> key, Function<? super R, Optional<T>> getter) {
        return new Field<>(key, getter);
    }

    /** Writes the record's value for the key as YAML holds it, spelt as the config spells it. */
    @Override
    public void print(R record, Map<String, Object> out) {
        value.apply(record).ifPresent(v -> out.put(key.name(), key.type().toYaml(v)));
    }
}
