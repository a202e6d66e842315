package io.outpost.config;

import io.outpost.value.TagId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Every tag a config defines, the sources' and the models' outputs, for checking references from
 * models and alarms in constant time per reference.
 */
final class TagIndex {

    /** Where a tag is defined; {@code model} is the model whose output it is, if any. */
    record Origin(Node node, Optional<String> model) {
    }

    private final Map<TagId, Origin> tags = new HashMap<>();
    private final Map<String, List<String>> namesBySource = new LinkedHashMap<>();

    void addSourceTag(TagId id, Node node) {
        add(id, new Origin(node, Optional.empty()));
    }

    void addModelOutput(TagId id, Node node, String model) {
        add(id, new Origin(node, Optional.of(model)));
    }

    private void add(TagId id, Origin origin) {
        if (tags.putIfAbsent(id, origin) == null) {
            namesBySource.computeIfAbsent(id.source(), s -> new ArrayList<>()).add(id.name());
        }
    }

    /** Every tag, sources' and models' outputs. */
    java.util.Set<TagId> all() {
        return java.util.Collections.unmodifiableSet(tags.keySet());
    }

    Optional<Origin> find(TagId id) {
        return Optional.ofNullable(tags.get(id));
    }

    /** Why {@code id} names no tag, with the nearest tag of the same source when one is close. */
    String unknown(TagId id) {
        List<String> names = namesBySource.get(id.source());
        if (names == null) {
            return "no tag `" + id + "`: there is no source `" + id.source() + "`"
                    + Suggestions.didYouMean(id.source(), namesBySource.keySet());
        }
        return "no tag `" + id + "`" + Suggestions.closest(id.name(), names)
                .map(n -> "; did you mean `" + id.source() + "/" + n + "`?").orElse("");
    }
}
