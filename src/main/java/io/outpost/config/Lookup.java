package io.outpost.config;

import java.util.Optional;

/**
 * The values of a mapping by key: either as read from a file or as held by a record being printed.
 * Rules across keys ask through this, so one rule serves both reading and printing.
 */
public interface Lookup {

    /** The key's value (its default when absent), or empty when there is none. */
    <T> Optional<T> find(Key<T> key);
}
