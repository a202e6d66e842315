package io.outpost.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One config key, declared once: its YAML name, how its value is read and checked, whether it is
 * required or what it defaults to, and its one-line doc. Reading, defaults and the reference docs
 * all come from here.
 *
 * @param defaultValue the default when the key is absent; null when required or when the default
 *                     depends on other keys (then {@code defaultNote} says what it is)
 */
public record Key<T>(
        String name, ValueType<T> type, boolean required, T defaultValue, String defaultNote,
        List<Check<? super T>> checks, String doc) {

    public Key {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        checks = List.copyOf(checks);
        if (required && defaultValue != null) {
            throw new IllegalArgumentException(name + ": a required key has no default");
        }
    }

    public static <T> Key<T> required(String name, ValueType<T> type, String doc) {
        return new Key<>(name, type, true, null, "", List.of(), doc);
    }

    public static <T> Key<T> optional(String name, ValueType<T> type, String doc) {
        return new Key<>(name, type, false, null, "", List.of(), doc);
    }

    public static <T> Key<T> withDefault(String name, ValueType<T> type, T defaultValue, String doc) {
        return new Key<>(name, type, false, Objects.requireNonNull(defaultValue, "defaultValue"), "", List.of(), doc);
    }

    /** The same key with one more constraint on its value. */
    public Key<T> check(Check<? super T> check) {
        List<Check<? super T>> more = new ArrayList<>(checks);
        more.add(check);
        return new Key<>(name, type, required, defaultValue, defaultNote, more, doc);
    }

    /** The same key, documenting a default that depends on other keys and is applied by its binder. */
    public Key<T> defaultNote(String note) {
        return new Key<>(name, type, required, defaultValue, note, checks, doc);
    }

    public Optional<T> defaultValueIfAny() {
        return Optional.ofNullable(defaultValue);
    }

    /** What the docs show in the default column. */
    public String describeDefault() {
        if (required) {
            return "required";
        }
        if (defaultValue != null) {
            return "`" + type.toYaml(defaultValue) + "`";
        }
        return defaultNote.isEmpty() ? "—" : defaultNote;
    }
}
