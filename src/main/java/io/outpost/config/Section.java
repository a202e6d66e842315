package io.outpost.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One YAML mapping of the config ({@code gateway}, a modbus tag, {@code uplink.batch}): its keys in
 * document order, its doc line, and the cross-key rules its binder enforces (for the docs).
 */
public final class Section {

    static final String EXTENSION_PREFIX = "x-";

    private final String path;
    private final String qualifier;
    private final String doc;
    private final List<Key<?>> keys;
    private final Map<String, Key<?>> byName;
    private final Map<String, String> misplaced;
    private final List<String> rules;
    private final boolean extensions;

    private Section(String path, String qualifier, String doc, List<Key<?>> keys, Map<String, String> misplaced,
            List<String> rules, boolean extensions) {
        this.path = path;
        this.qualifier = qualifier;
        this.doc = doc;
        this.keys = List.copyOf(keys);
        Map<String, Key<?>> named = new LinkedHashMap<>();
        for (Key<?> key : keys) {
            if (named.put(key.name(), key) != null) {
                throw new IllegalArgumentException(path + ": key declared twice: " + key.name());
            }
        }
        this.byName = Collections.unmodifiableMap(named);
        this.misplaced = Map.copyOf(misplaced);
        this.rules = List.copyOf(rules);
        this.extensions = extensions;
    }

    /** @param path where the section sits, for the docs: {@code uplink.batch}, {@code sources[].tags[]} */
    public static Builder at(String path, String doc) {
        return new Builder(path, doc);
    }

    public String path() {
        return path;
    }

    /** What tells this section apart from others at the same path ({@code type: modbus-tcp}), or "". */
    public String qualifier() {
        return qualifier;
    }

    public String doc() {
        return doc;
    }

    public List<Key<?>> keys() {
        return keys;
    }

    public List<String> rules() {
        return rules;
    }

    /**
     * Whether {@code x-} keys are ignored here: a home for YAML anchors shared by several entries,
     * as in Compose files ({@code x-float: &float {type: float32}}).
     */
    boolean ignores(String name) {
        return extensions && name.startsWith(EXTENSION_PREFIX);
    }

    public Set<String> keyNames() {
        return byName.keySet();
    }

    public Key<?> key(String name) {
        return byName.get(name);
    }

    public boolean declares(Key<?> key) {
        return byName.get(key.name()) == key;
    }

    /** The same section, also explaining keys that belong elsewhere (a sibling variant's keys). */
    Section withMisplaced(Map<String, String> more) {
        Map<String, String> all = new LinkedHashMap<>(more);
        all.putAll(misplaced);
        byName.keySet().forEach(all::remove);
        return new Section(path, qualifier, doc, keys, all, rules, extensions);
    }

    /** Why {@code name} is not accepted here, with a "did you mean" when one is close. */
    String unknownKeyMessage(String name) {
        String note = misplaced.get(name);
        if (note != null) {
            return note;
        }
        String suggestion = Suggestions.didYouMean(name, keyNames());
        if (!suggestion.isEmpty()) {
            return "unknown key" + suggestion;
        }
        return "unknown key; the keys here are " + byName.keySet().stream()
                .map(k -> "`" + k + "`").collect(Collectors.joining(", "));
    }

    public static final class Builder {
        private final String path;
        private final String doc;
        private String qualifier = "";
        private final List<Key<?>> keys = new ArrayList<>();
        private final Map<String, String> misplaced = new LinkedHashMap<>();
        private final List<String> rules = new ArrayList<>();
        private boolean extensions;

        private Builder(String path, String doc) {
            this.path = path;
            this.doc = doc;
        }

        public Builder qualifier(String text) {
            this.qualifier = text;
            return this;
        }

        public Builder keys(Key<?>... more) {
            keys.addAll(List.of(more));
            return this;
        }

        public Builder keys(List<Key<?>> more) {
            keys.addAll(more);
            return this;
        }

        /** A key that users may expect here but that does not apply, with the reason. */
        public Builder misplaced(String key, String why) {
            misplaced.put(key, why);
            return this;
        }

        /** A rule across keys, enforced by the section's binder; listed in the docs. */
        public Builder rule(String text) {
            rules.add(text);
            return this;
        }

        /** Lets {@code x-} keys through unread, see {@link Section#ignores}. */
        Builder extensions() {
            this.extensions = true;
            return this;
        }

        public Section build() {
            return new Section(path, qualifier, doc, keys, misplaced, rules, extensions);
        }
    }
}
