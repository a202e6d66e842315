package io.outpost.config;

import java.util.Optional;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/** Small facts about composed YAML nodes that every value type needs. */
final class YamlNodes {

    private YamlNodes() {
    }

    static String kind(Node node) {
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        return "a single value";
    }

    static boolean isNull(Node node) {
        return node instanceof ScalarNode && Tag.NULL.equals(node.getTag());
    }

    /**
     * Whether a value can be read at all: it is not empty ({@code key:} with nothing after it) and
     * carries no application tag ({@code !foo}), which this config gives no meaning to. Reports why not.
     */
    static boolean usable(Node node, String keyPath, ReadContext ctx) {
        if (isNull(node)) {
            ctx.problem(node, keyPath, "has no value; give it one or remove the key");
            return false;
        }
        String tag = node.getTag().getValue();
        if (!tag.startsWith(Tag.PREFIX)) {
            ctx.problem(node, keyPath, "YAML tag `" + tag + "` is not supported here; remove it");
            return false;
        }
        return true;
    }

    /** The node as a mapping, or empty after reporting why it is not one. */
    static Optional<MappingNode> mapping(Node node, String keyPath, ReadContext ctx) {
        if (!usable(node, keyPath, ctx)) {
            return Optional.empty();
        }
        if (!(node instanceof MappingNode mapping)) {
            ctx.problem(node, keyPath, "must be a mapping (key: value lines), not " + kind(node));
            return Optional.empty();
        }
        return Optional.of(mapping);
    }

    /** {@code a.b} or {@code b} at the root. */
    static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }
}
