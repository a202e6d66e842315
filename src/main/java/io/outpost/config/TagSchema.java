package io.outpost.config;

import java.util.Objects;
import java.util.function.Function;

/**
 * How one kind of tag is declared and made: its {@link Schema} (which starts with
 * {@link TagKeys#NAME}) and the record made from a mapping read without problems.
 * Several source types may share one (modbus-tcp and modbus-rtu tags).
 */
public record TagSchema<T extends TagConfig>(Class<T> type, Schema<T> schema, Function<SectionValues, T> make) {

    /** Tag names are checked by the source's binding, which knows the source's name for the message. */
    public static final EntryRule UNIQUE_NAMES = new EntryRule("Tag names are unique within a source.", ctx -> tag -> {
    });

    public TagSchema {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(make, "make");
        if (!schema.section().declares(TagKeys.NAME)) {
            throw new IllegalArgumentException(schema.section().path() + ": a tag declares TagKeys.NAME");
        }
    }

    /** A tag schema builder with the tag's name first and the rule that names are unique. */
    public static <T extends TagConfig> Schema.Builder<T> declare(String doc, String qualifier) {
        return Schema.<T>at(SourceCatalog.TAGS_PATH, doc).qualifier(qualifier)
                .fields(TagKeys.name())
                .acrossEntries(UNIQUE_NAMES);
    }
}
