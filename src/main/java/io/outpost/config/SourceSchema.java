package io.outpost.config;

import io.outpost.value.TagId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * One source type as the config knows it: its {@code type:} name, the keys of its sources and of
 * their tags, and how a source is made from them. Each type declares its own, beside its code; the
 * gateway's registry lists them. Immutable.
 *
 * @param <C> the type's source record
 * @param <T> the type's tag record
 */
public final class SourceSchema<C extends SourceConfig, T extends TagConfig> {

    private final String typeName;
    private final Class<C> type;
    private final Schema<C> source;
    private final TagSchema<T> tags;
    private final BiFunction<SectionValues, List<T>, C> make;
    private final Key<List<SectionValues>> tagsKey;

    /**
     * @param source the source's own keys, without {@code name}, {@code type} and {@code tags},
     *               which every source has
     * @param make   the record from a source read without problems and its tags that were
     */
    public SourceSchema(String typeName, Class<C> type, Schema<C> source, TagSchema<T> tags,
            BiFunction<SectionValues, List<T>, C> make) {
        this.typeName = Objects.requireNonNull(typeName, "typeName");
        this.type = Objects.requireNonNull(type, "type");
        this.source = Objects.requireNonNull(source, "source");
        this.tags = Objects.requireNonNull(tags, "tags");
        this.make = Objects.requireNonNull(make, "make");
        this.tagsKey = Key.required("tags", ValueTypes.listOfSections(ValueTypes.section(tags.schema().section())),
                "the values read from this source").check(Checks.notEmpty("tag"));
    }

    /** A builder for a source type's own keys, documented with {@code doc} ("A Modbus device over TCP."). */
    public static <C extends SourceConfig> Schema.Builder<C> declare(String doc) {
        return Schema.at(SourceCatalog.PATH, doc);
    }

    /** The {@code type:} value, e.g. {@code modbus-tcp}. */
    public String typeName() {
        return typeName;
    }

    public Class<C> configClass() {
        return type;
    }

    public TagSchema<T> tagSchema() {
        return tags;
    }

    Schema<C> sourceSchema() {
        return source;
    }

    /** The mapping of such a source: {@code name} and {@code type} first, {@code tags} last. */
    Section section(Key<String> name, Key<String> typeKey) {
        return source.describe(Section.at(SourceCatalog.PATH, source.section().doc()).qualifier("type: " + typeName),
                List.of(name, typeKey), List.of(tagsKey)).build();
    }

    /** The source made from {@code values} when they and all its tags were read without problems. */
    Optional<C> bind(SectionValues values, ReadContext ctx, TagIndex index) {
        source.enforce(values, ctx);
        List<T> bound = bindTags(values, ctx, index);
        return values.build(v -> make.apply(v, bound));
    }

    /** Checks every tag (names unique within the source), enters each into the index, and makes those read without problems. */
    private List<T> bindTags(SectionValues values, ReadContext ctx, TagIndex index) {
        String sourceName = values.get(SourceCatalog.NAME);
        Uniqueness<String> names = Uniqueness.named(ctx, "tag name",
                sourceName == null ? "" : " in source `" + sourceName + "`");
        Consumer<SectionValues> acrossTags = tags.schema().openEntryChecks(ctx);
        List<T> bound = new ArrayList<>();
        for (SectionValues tag : values.find(tagsKey).orElse(List.of())) {
            if (names.add(tag, TagKeys.NAME) && sourceName != null) {
                index.addSourceTag(new TagId(sourceName, tag.get(TagKeys.NAME)), tag.node(TagKeys.NAME));
            }
            acrossTags.accept(tag);
            tags.schema().enforce(tag, ctx);
            tag.build(tags.make()).ifPresent(bound::add);
        }
        return bound;
    }

    /** Writes the source's own keys and its tags into {@code out}. */
    void print(SourceConfig config, Map<String, Object> out) {
        source.print(type.cast(config), out);
        List<Object> printed = new ArrayList<>();
        for (TagConfig tag : config.tags()) {
            Map<String, Object> tagOut = new LinkedHashMap<>();
            tags.schema().print(tags.type().cast(tag), tagOut);
            printed.add(tagOut);
        }
        out.put(tagsKey.name(), printed);
    }
}
