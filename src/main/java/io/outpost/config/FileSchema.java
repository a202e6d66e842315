package io.outpost.config;

import java.util.List;

/** The declaration of a whole file for one catalog of source types: what loading, printing and the docs read. */
record FileSchema(SourceCatalog catalog, Key<List<SectionValues>> sources, Schema<OutpostConfig> root) {

    static FileSchema of(SourceCatalog catalog) {
        Key<List<SectionValues>> sources = ConfigSchema.sources(catalog);
        return new FileSchema(catalog, sources, ConfigSchema.root(sources, catalog));
    }
}
