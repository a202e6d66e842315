package io.outpost.config;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * A nested mapping read against its {@link Section}: unknown keys (with a "did you mean"), keys
 * written twice, missing required keys, and every value's type and checks.
 */
final class SectionType implements ValueType<SectionValues> {

    private final Section section;

    SectionType(Section section) {
        this.section = section;
    }

    @Override
    public String describe() {
        return "mapping, see [`" + section.path() + "`](#" + ConfigReference.anchor(section) + ")";
    }

    @Override
    public List<Section> sections() {
        return List.of(section);
    }

    @Override
    public Optional<SectionValues> read(Node node, String keyPath, ReadContext ctx) {
        return YamlNodes.mapping(node, keyPath, ctx).map(mapping -> readMapping(section, mapping, keyPath, ctx, true));
    }

    /**
     * @param complain whether to report unknown and missing keys; off when the mapping's variant
     *                 is unknown and only its common keys can be read
     */
    static SectionValues readMapping(Section section, MappingNode mapping, String path, ReadContext ctx,
            boolean complain) {
        int problemsBefore = ctx.problemCount();
        Map<String, SectionValues.Entry> entries = new LinkedHashMap<>();
        Set<String> suggested = new HashSet<>();
        for (NodeTuple tuple : mapping.getValue()) {
            Node keyNode = tuple.getKeyNode();
            if (!(keyNode instanceof ScalarNode scalarKey) || YamlNodes.isNull(keyNode)) {
                ctx.problem(keyNode, path, "keys must be plain names, not " + YamlNodes.kind(keyNode));
                continue;
            }
            String name = scalarKey.getValue();
            String keyPath = YamlNodes.join(path, name);
            Key<?> key = section.key(name);
            if (key == null && section.ignores(name)) {
                continue;
            }
            if (key == null) {
                if (complain) {
                    ctx.problem(keyNode, keyPath, section.unknownKeyMessage(name));
                    Suggestions.closest(name, section.keyNames()).ifPresent(suggested::add);
                }
                continue;
            }
            SectionValues.Entry first = entries.get(name);
            if (first != null) {
                ctx.problem(keyNode, keyPath,
                        "duplicate key (first at line " + (first.keyNode().getStartMark().getLine() + 1) + ")");
                continue;
            }
            entries.put(name, new SectionValues.Entry(keyNode, tuple.getValueNode(),
                    readValue(key, tuple.getValueNode(), keyPath, ctx)));
        }
        if (complain) {
            for (Key<?> key : section.keys()) {
                // a misspelt required key is one problem, not also a missing key
                if (key.required() && !entries.containsKey(key.name()) && !suggested.contains(key.name())) {
                    ctx.problem(mapping, path, "missing required key `" + key.name() + "`");
                }
            }
        }
        return new SectionValues(section, mapping, path, entries, ctx.problemCount() == problemsBefore);
    }

    private static <T> T readValue(Key<T> key, Node node, String keyPath, ReadContext ctx) {
        Optional<T> value = key.type().read(node, keyPath, ctx);
        if (value.isEmpty()) {
            return null;
        }
        boolean accepted = true;
        for (Check<? super T> check : key.checks()) {
            Optional<String> complaint = check.apply(value.get());
            if (complaint.isPresent()) {
                ctx.problem(node, keyPath, complaint.get());
                accepted = false;
            }
        }
        return accepted ? value.get() : null;
    }
}
