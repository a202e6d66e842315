package io.outpost.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Mappings whose keys depend on one of them (a source's {@code type}): the discriminator picks the
 * {@link Section} to read the rest against. A key of a sibling variant gets a message naming the
 * variant it belongs to, rather than a bare "unknown key".
 */
final class SectionFamily<E> implements ValueType<SectionValues> {

    private final Key<E> discriminator;
    private final Section fallback;
    private final Map<E, Section> variants;
    private final String noun;

    /**
     * @param fallback what is still read when the discriminator is missing or unknown (the name, for
     *                 duplicate checks), without reporting unknown keys
     * @param variants in the order the docs and messages list them
     * @param noun     what one mapping is called in messages: "source"
     */
    SectionFamily(Key<E> discriminator, Section fallback, Map<E, Section> variants, String noun) {
        this.discriminator = discriminator;
        this.fallback = fallback;
        this.noun = noun;
        Map<E, Section> annotated = new LinkedHashMap<>(variants);
        for (Map.Entry<E, Section> variant : variants.entrySet()) {
            annotated.put(variant.getKey(), variant.getValue().withMisplaced(siblingKeyNotes(variant.getKey(), variants)));
        }
        this.variants = Collections.unmodifiableMap(annotated);
    }

    private Map<String, String> siblingKeyNotes(E self, Map<E, Section> all) {
        Map<String, List<String>> owners = new LinkedHashMap<>();
        all.forEach((other, section) -> {
            if (other != self) {
                section.keys().forEach(k -> owners.computeIfAbsent(k.name(), n -> new ArrayList<>()).add(configName(other)));
            }
        });
        Map<String, String> notes = new LinkedHashMap<>();
        owners.forEach((key, types) -> notes.put(key, "`" + key + "` applies to " + String.join(" and ", types)
                + " " + noun + "s, not to " + configName(self) + " ones"));
        return notes;
    }

    private String configName(E variant) {
        return String.valueOf(discriminator.type().toYaml(variant));
    }

    /** The variant a mapping was read as, or empty when its discriminator was missing or unknown. */
    Optional<E> variantOf(SectionValues values) {
        return variants.entrySet().stream()
                .filter(e -> e.getValue() == values.section())
                .map(Map.Entry::getKey)
                .findFirst();
    }

    Map<E, Section> variants() {
        return variants;
    }

    @Override
    public String describe() {
        return "mapping, by `" + discriminator.name() + "`: " + variants.entrySet().stream()
                .map(e -> "[`" + configName(e.getKey()) + "`](#" + ConfigReference.anchor(e.getValue()) + ")")
                .collect(Collectors.joining(", "));
    }

    @Override
    public List<Section> sections() {
        return List.copyOf(variants.values());
    }

    @Override
    public Optional<SectionValues> read(Node node, String keyPath, ReadContext ctx) {
        return YamlNodes.mapping(node, keyPath, ctx).map(mapping -> readVariant(mapping, keyPath, ctx));
    }

    private SectionValues readVariant(MappingNode mapping, String keyPath, ReadContext ctx) {
        Optional<Node> discriminatorNode = find(mapping, discriminator.name());
        if (discriminatorNode.isEmpty()) {
            ctx.problem(mapping, keyPath, "missing required key `" + discriminator.name() + "`");
            return SectionType.readMapping(fallback, mapping, keyPath, ctx, false).unclean();
        }
        String discriminatorPath = YamlNodes.join(keyPath, discriminator.name());
        Optional<E> variant = discriminator.type().read(discriminatorNode.get(), discriminatorPath, ctx);
        if (variant.isEmpty()) {
            return SectionType.readMapping(fallback, mapping, keyPath, ctx, false).unclean();
        }
        return SectionType.readMapping(variants.get(variant.get()), mapping, keyPath, ctx, true);
    }

    private static Optional<Node> find(MappingNode mapping, String key) {
        for (NodeTuple tuple : mapping.getValue()) {
            if (tuple.getKeyNode() instanceof ScalarNode scalar && scalar.getValue().equals(key)) {
                return Optional.of(tuple.getValueNode());
            }
        }
        return Optional.empty();
    }
}
