package io.outpost.config;

import java.util.List;

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
}
