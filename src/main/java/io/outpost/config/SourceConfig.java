package io.outpost.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One entry of {@code sources:}. Each source type declares its own record beside its code
 * ({@code io.outpost.source.<type>}), so this interface cannot be sealed across those packages:
 * the registry of types in {@code io.outpost.gateway} is what lists them all, for reading
 * ({@link SourceCatalog}) and for building sources alike.
 */
public interface SourceConfig {

    String name();

    /** The {@code type:} name, as its {@link SourceSchema} declares it. */
    String type();

    List<? extends TagConfig> tags();

    /**
     * The time between two readings of tag {@code tagName} when the source reads on a clock; empty
     * when readings come on change only (GPIO edges, OPC UA subscriptions), where silence is normal.
     * A model's default {@code max_gap} is built on it.
     */
    default Optional<Duration> readingInterval(String tagName) {
        return Optional.empty();
    }
}
