package io.outpost.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The declaration of a mapping that becomes a record {@code R}: its keys, each bound to the part of
 * the record it fills (a value, a nested mapping with its own schema, or a list of mappings), and
 * the rules across them. Reading, checking and printing all come from here; the whole file is one
 * such schema. Immutable.
 */
public final class Schema<R> {

    private final Section section;
    private final List<Member<R>> fields;
    private final List<Rule> rules;
    private final List<EntryRule> entryRules;
    private final Map<String, String> misplaced;

    private Schema(Builder<R> builder) {
        this.fields = List.copyOf(builder.fields);
        this.rules = List.copyOf(builder.rules);
        this.entryRules = List.copyOf(builder.entryRules);
        this.misplaced = Map.copyOf(builder.misplaced);
        Section.Builder described = describe(Section.at(builder.path, builder.doc).qualifier(builder.qualifier),
                List.of(), List.of());
        this.section = (builder.extensions ? described.extensions() : described).build();
    }

    /** @param path where such mappings sit, for the docs: {@code sources[].tags[]} */
    public static <R> Builder<R> at(String path, String doc) {
        return new Builder<>(path, doc);
    }

    /** The mapping with exactly the declared keys. */
    public Section section() {
        return section;
    }

    /**
     * Declares this schema's keys, misplaced keys and rules into {@code builder}, between keys the
     * caller owns (a source's {@code name} and {@code type} before, its {@code tags} after).
     */
    Section.Builder describe(Section.Builder builder, List<Key<?>> before, List<Key<?>> after) {
        builder.keys(before);
        fields.forEach(field -> builder.keys(field.key()));
        builder.keys(after);
        misplaced.forEach(builder::misplaced);
        rules.stream().map(Rule::doc).filter(doc -> !doc.isEmpty()).forEach(builder::rule);
        entryRules.stream().map(EntryRule::doc).forEach(builder::rule);
        return builder;
    }

    /** Reports every broken rule of one mapping, then of the mappings nested in it. */
    void enforce(SectionValues values, ReadContext ctx) {
        rules.forEach(rule -> rule.enforce(values, ctx));
        fields.forEach(field -> field.enforce(values, ctx));
    }

    /** Refuses a key that does not read these mappings: its docs and reading would not be this schema's. */
    void requireReadBy(Key<?> key) {
        if (!key.type().sections().contains(section)) {
            throw new IllegalArgumentException(key.name() + " does not read " + section.path());
        }
    }

    /** The checks across the entries of one list of such mappings, fresh for that list. */
    Consumer<SectionValues> openEntryChecks(ReadContext ctx) {
        List<Consumer<SectionValues>> checks = new ArrayList<>();
        entryRules.forEach(rule -> checks.add(rule.open().apply(ctx)));
        return values -> checks.forEach(check -> check.accept(values));
    }

    /** Writes every key of {@code record} that has a value and applies into {@code out}, in declaration order. */
    void print(R record, Map<String, Object> out) {
        Lookup values = new RecordValues(record);
        for (Member<R> field : fields) {
            if (rules.stream().noneMatch(rule -> rule.excludes(field.key(), values))) {
                field.print(record, out);
            }
        }
    }

    /** A record's values by key, for rules asked while printing. */
    private final class RecordValues implements Lookup {
        private final R record;

        RecordValues(R record) {
            this.record = record;
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> Optional<T> find(Key<T> key) {
            return fields.stream().filter(f -> f.key() == key && f instanceof Field).findFirst()
                    .flatMap(f -> ((Field<R, T>) f).value().apply(record));
        }
    }

    public static final class Builder<R> {
        private final String path;
        private final String doc;
        private String qualifier = "";
        private boolean extensions;
        private final List<Member<R>> fields = new ArrayList<>();
        private final List<Rule> rules = new ArrayList<>();
        private final List<EntryRule> entryRules = new ArrayList<>();
        private final Map<String, String> misplaced = new LinkedHashMap<>();

        private Builder(String path, String doc) {
            this.path = path;
            this.doc = doc;
        }

        /** What tells these mappings apart from others at the same path, for the docs. */
        public Builder<R> qualifier(String text) {
            this.qualifier = text;
            return this;
        }

        /** The keys, in the order the docs and the printer show them. */
        @SafeVarargs
        public final Builder<R> fields(Member<R>... more) {
            fields.addAll(List.of(more));
            return this;
        }

        public Builder<R> rule(Rule rule) {
            rules.add(rule);
            return this;
        }

        public Builder<R> acrossEntries(EntryRule rule) {
            entryRules.add(rule);
            return this;
        }

        /** A key users may expect here but that does not apply, with the reason. */
        public Builder<R> misplaced(String key, String why) {
            misplaced.put(key, why);
            return this;
        }

        /** Lets {@code x-} keys through unread, see {@link Section#ignores}. */
        Builder<R> extensions() {
            this.extensions = true;
            return this;
        }

        public Schema<R> build() {
            return new Schema<>(this);
        }
    }
}
