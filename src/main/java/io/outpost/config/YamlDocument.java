package io.outpost.config;

import java.io.StringReader;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Composes the YAML node tree of a config file, with its line and column marks, under limits
 * that keep a hostile or broken file from exhausting a 512 MB gateway. Nothing is constructed
 * into Java objects, so no YAML tag can instantiate a class.
 */
final class YamlDocument {

    /** Far above any real config (1,000 tags take about 100 KB), far below trouble. */
    static final int MAX_CODE_POINTS = 4 * 1024 * 1024;

    /**
     * Values the tree may hold once aliases are followed. Aliases share nodes, so a few lines can
     * stand for billions of values ("billion laughs"); reading follows them, so the expanded size
     * is what counts.
     */
    static final long MAX_EXPANDED_VALUES = 1_000_000;

    private static final int MAX_ALIASES = 10_000;
    private static final int MAX_NESTING = 32;

    private YamlDocument() {
    }

    /** The root node, or empty after reporting a syntax error or an empty document. */
    static Optional<Node> compose(String text, ReadContext ctx) {
        Node root;
        try {
            root = yaml().compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String context = e.getContext() == null ? "" : e.getContext() + ": ";
            ctx.problem(mark, "", "invalid YAML: " + context + e.getProblem());
            return Optional.empty();
        } catch (YAMLException e) {
            ctx.problemAtStart("invalid YAML: " + e.getMessage());
            return Optional.empty();
        }
        if (root == null) {
            ctx.problemAtStart("the file is empty; it needs at least `gateway`, `sources` and `uplink`");
            return Optional.empty();
        }
        if (!new ExpandedSize(ctx).acceptable(root)) {
            return Optional.empty();
        }
        return Optional.of(root);
    }

    private static Yaml yaml() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(true); // reported by the section reader, all of them, with their lines
        options.setMaxAliasesForCollections(MAX_ALIASES);
        options.setAllowRecursiveKeys(false);
        options.setNestingDepthLimit(MAX_NESTING);
        options.setCodePointLimit(MAX_CODE_POINTS);
        options.setMergeOnCompose(true); // "<<: *defaults" shares settings between tags
        options.setProcessComments(false);
        return new Yaml(new SafeConstructor(options));
    }

    /**
     * Counts the values reachable from the root with aliases expanded, memoized per shared node,
     * depth-first with its own stack: a chain of thousands of aliases must not overflow the thread's.
     */
    private static final class ExpandedSize {
        private static final long IN_PROGRESS = -1;
        private final Map<Node, Long> sizes = new IdentityHashMap<>();
        private final ReadContext ctx;

        ExpandedSize(ReadContext ctx) {
            this.ctx = ctx;
        }

        /** Whether the document is neither recursive nor too large once expanded; reports why not. */
        boolean acceptable(Node root) {
            Deque<Node> stack = new ArrayDeque<>();
            stack.push(root);
            while (!stack.isEmpty()) {
                Node node = stack.peek();
                Long state = sizes.get(node);
                if (state == null) {
                    sizes.put(node, IN_PROGRESS);
                    for (Node child : children(node)) {
                        Long childState = sizes.get(child);
                        if (childState != null && childState == IN_PROGRESS) {
                            ctx.problem(child, "", "an alias refers to a node that contains it; "
                                    + "recursive documents are not accepted");
                            return false;
                        }
                        if (childState == null) {
                            stack.push(child);
                        }
                    }
                } else {
                    stack.pop();
                    if (state == IN_PROGRESS) {
                        long size = 1;
                        for (Node child : children(node)) {
                            size = Math.min(size + sizes.get(child), MAX_EXPANDED_VALUES + 1);
                        }
                        sizes.put(node, size);
                    }
                }
            }
            if (sizes.get(root) > MAX_EXPANDED_VALUES) {
                ctx.problem(root, "", "the document expands to more than " + MAX_EXPANDED_VALUES
                        + " values through its aliases; write it out plainly");
                return false;
            }
            return true;
        }

        private static List<Node> children(Node node) {
            if (node instanceof MappingNode mapping) {
                List<Node> children = new ArrayList<>(mapping.getValue().size() * 2);
                for (NodeTuple tuple : mapping.getValue()) {
                    children.add(tuple.getKeyNode());
                    children.add(tuple.getValueNode());
                }
                return children;
            }
            if (node instanceof SequenceNode sequence) {
                return sequence.getValue();
            }
            return List.of();
        }
    }
}
