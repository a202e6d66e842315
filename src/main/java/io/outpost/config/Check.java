package io.outpost.config;

import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One constraint on a key's value beyond its type (a range, a pattern), with the words the docs
 * use for it and the complaint a failing value gets.
 */
public record Check<T>(String describe, Predicate<? super T> accepts, Function<? super T, String> complaint) {

    public Optional<String> apply(T value) {
        return accepts.test(value) ? Optional.empty() : Optional.of(complaint.apply(value));
    }
}
