package io.outpost.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Finds where a key path ({@code sources[0].tags[2].node}) is written in a config file, for problems
 * found after the config loaded, e.g. by asking a server ({@code outpost validate --connect}).
 */
public final class KeyPositions {

    private static final Pattern SEGMENT = Pattern.compile("([^.\\[]+)((?:\\[\\d+])*)");
    private static final Pattern INDEX = Pattern.compile("\\[(\\d+)]");

    private KeyPositions() {
    }

    /**
     * A problem at the value of {@code keyPath} in {@code file}; at the file's first line when the
     * path is not in it (the file changed since it was loaded).
     */
    public static ConfigProblem problem(Path file, String keyPath, String message) {
        ReadContext ctx = new ReadContext(file, Path.of(""));
        Optional<Node> found;
        try {
            found = YamlDocument.compose(Files.readString(file, StandardCharsets.UTF_8), ctx).flatMap(root -> find(root, keyPath));
        } catch (IOException e) {
            found = Optional.empty();
        }
        return found.map(node -> ctx.at(node.getStartMark(), keyPath, message))
                .orElseGet(() -> new ConfigProblem(file, 1, 1, keyPath, message));
    }

    static Optional<Node> find(Node root, String keyPath) {
        Node node = root;
        for (String segment : keyPath.split("\\.")) {
            Matcher m = SEGMENT.matcher(segment);
            if (!m.matches()) {
                return Optional.empty();
            }
            Optional<Node> value = value(node, m.group(1));
            if (value.isEmpty()) {
                return Optional.empty();
            }
            node = value.get();
            Matcher index = INDEX.matcher(m.group(2));
            while (index.find()) {
                int i = Integer.parseInt(index.group(1));
                if (!(node instanceof SequenceNode list) || i >= list.getValue().size()) {
                    return Optional.empty();
                }
                node = list.getValue().get(i);
            }
        }
        return Optional.of(node);
    }

    private static Optional<Node> value(Node node, String key) {
        if (node instanceof MappingNode mapping) {
            for (NodeTuple entry : mapping.getValue()) {
                if (entry.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
                    return Optional.of(entry.getValueNode());
                }
            }
        }
        return Optional.empty();
    }
}
