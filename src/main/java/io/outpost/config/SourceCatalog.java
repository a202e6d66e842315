package io.outpost.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The source types a config may name, as the gateway's registry lists them: reads {@code sources:}
 * against the type each entry names, binds each into its type's record and prints it back. Knows
 * no type itself. Immutable.
 */
public final class SourceCatalog {

    static final String PATH = "sources[]";
    static final String TAGS_PATH = "sources[].tags[]";

    public static final Key<String> NAME = Key.required("name", ValueTypes.NAME,
            "unique among sources; tags are addressed as `<name>/<tag>`");

    /** Read when a source's type is missing or unknown: only its name, for the duplicate check. */
    private static final Section UNKNOWN_TYPE = Section.at(PATH, "").keys(NAME).build();

    private final Key<String> type;
    private final Map<String, SourceSchema<?, ?>> byName;
    private final SectionFamily<String> family;

    private SourceCatalog(List<SourceSchema<?, ?>> schemas) {
        this.byName = new LinkedHashMap<>();
        for (SourceSchema<?, ?> schema : schemas) {
            if (byName.put(schema.typeName(), schema) != null) {
                throw new IllegalArgumentException("source type declared twice: " + schema.typeName());
            }
        }
        this.type = Key.required("type", ValueTypes.oneOf(List.copyOf(byName.keySet())),
                "the kind of source; it decides which other keys apply");
        Map<String, Section> variants = new LinkedHashMap<>();
        byName.forEach((name, schema) -> variants.put(name, schema.section(NAME, type)));
        this.family = new SectionFamily<>(type, UNKNOWN_TYPE, variants, "source");
    }

    /** @param schemas in the order the docs and messages list them */
    public static SourceCatalog of(List<SourceSchema<?, ?>> schemas) {
        return new SourceCatalog(schemas);
    }

    /** The {@code type:} names, in the catalog's order. */
    public List<String> typeNames() {
        return List.copyOf(byName.keySet());
    }

    /** The declarations, in the catalog's order. */
    public List<SourceSchema<?, ?>> schemas() {
        return List.copyOf(byName.values());
    }

    /** How one entry of {@code sources:} is read. */
    ValueType<SectionValues> entryType() {
        return family;
    }

    /** The sources read without problems, in file order; problems in and across them go to {@code ctx}. */
    List<SourceConfig> bind(List<SectionValues> sources, ReadContext ctx, TagIndex index) {
        Uniqueness<String> names = Uniqueness.named(ctx, "source name");
        Map<String, Consumer<SectionValues>> acrossSources = new HashMap<>();
        List<SourceConfig> bound = new ArrayList<>();
        for (SectionValues source : sources) {
            names.add(source, NAME);
            Optional<SourceSchema<?, ?>> schema = family.variantOf(source).map(byName::get);
            if (schema.isEmpty()) {
                continue;
            }
            acrossSources.computeIfAbsent(schema.get().typeName(), n -> schema.get().sourceSchema().openEntryChecks(ctx))
                    .accept(source);
            schema.get().bind(source, ctx, index).ifPresent(bound::add);
        }
        return bound;
    }

    /** The source as YAML would hold it: {@code name}, {@code type}, its own keys, its tags. */
    Map<String, Object> print(SourceConfig source) {
        SourceSchema<?, ?> schema = byName.get(source.type());
        if (schema == null) {
            throw new IllegalArgumentException("no source type " + source.type() + " in this catalog");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put(NAME.name(), source.name());
        out.put(type.name(), source.type());
        schema.print(source, out);
        return out;
    }
}
