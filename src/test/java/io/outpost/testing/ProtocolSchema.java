package io.outpost.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The field tables of docs/protocol.md as a schema: a reply is checked against the table under a
 * heading, so the documented fields and types and the ones the daemon sends cannot drift apart. A
 * path segment {@code <name>} stands for any key, {@code []} for each element of an array; a type is
 * {@code string}, {@code integer}, {@code number}, {@code boolean}, {@code array}, {@code object} or
 * {@code any}, with {@code |null} when it may be null.
 */
public final class ProtocolSchema {

    private static final Pattern NAME = Pattern.compile("`([^`]+)`");

    private final String heading;
    private final Map<String, String> types;

    private ProtocolSchema(String heading, Map<String, String> types) {
        this.heading = heading;
        this.types = types;
    }

    /** The table that follows the first heading of docs/protocol.md starting with {@code heading}. */
    public static ProtocolSchema of(String heading) throws IOException {
        List<String> lines = Files.readAllLines(Path.of("docs/protocol.md"));
        int at = 0;
        while (at < lines.size() && !(lines.get(at).startsWith("#") && lines.get(at).replaceFirst("^#+ ", "").startsWith(heading))) {
            at++;
        }
        if (at == lines.size()) {
            throw new IllegalArgumentException("docs/protocol.md has no heading " + heading);
        }
        Map<String, String> types = new LinkedHashMap<>();
        for (int i = at + 1; i < lines.size() && !lines.get(i).startsWith("#"); i++) {
            String line = lines.get(i);
            if (!line.startsWith("| `")) {
                continue;
            }
            String[] cells = line.split("(?<!\\\\)\\|");
            String type = cells[2].strip().replace("\\|", "|");
            Matcher names = NAME.matcher(cells[1]);
            while (names.find()) {
                types.put(names.group(1), type);
            }
        }
        if (types.isEmpty()) {
            throw new IllegalArgumentException("no field table under " + heading);
        }
        return new ProtocolSchema(heading, types);
    }

    /** Every field of {@code reply} but {@code ok} documented with its type, and every documented top-level field present. */
    public void check(JsonNode reply) {
        List<String> problems = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = reply.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (!field.getKey().equals("ok")) {
                walk(field.getKey(), field.getValue(), problems);
            }
        }
        types.keySet().stream().filter(p -> !p.contains(".") && !p.contains("[]") && !reply.has(p))
                .forEach(p -> problems.add(p + ": documented, not in the reply"));
        if (!problems.isEmpty()) {
            throw new AssertionError("reply does not follow docs/protocol.md '" + heading + "': " + problems + "\n" + reply);
        }
    }

    private void walk(String path, JsonNode value, List<String> problems) {
        String type = typeOf(path);
        if (type == null) {
            problems.add(path + ": not documented");
            return;
        }
        if (!fits(type, value)) {
            problems.add(path + ": " + value.getNodeType() + " is not " + type);
            return;
        }
        if (value.isObject() && !type.startsWith("any")) {
            value.fields().forEachRemaining(f -> walk(path + "." + f.getKey(), f.getValue(), problems));
        } else if (value.isArray() && !type.startsWith("any")) {
            value.forEach(element -> {
                if (typeOf(path + "[]") != null) {
                    walk(path + "[]", element, problems);
                } else if (element.isObject()) {
                    element.fields().forEachRemaining(f -> walk(path + "[]." + f.getKey(), f.getValue(), problems));
                }
            });
        }
    }

    /** The documented type; {@code object} for a level only its fields document ({@code lanes.<lane>}). */
    private String typeOf(String path) {
        String exact = documented(path, false);
        return exact != null ? exact : documented(path, true) != null ? "object" : null;
    }

    private String documented(String path, boolean asParent) {
        String[] have = path.split("\\.");
        for (Map.Entry<String, String> entry : types.entrySet()) {
            String[] want = entry.getKey().split("\\.");
            if (asParent ? want.length <= have.length : want.length != have.length) {
                continue;
            }
            boolean same = true;
            for (int i = 0; i < have.length && same; i++) {
                same = want[i].equals(have[i]) || want[i].matches("<[^>]+>(\\[])?") && (want[i].endsWith("[]") == have[i].endsWith("[]"));
            }
            if (same) {
                return entry.getValue();
            }
        }
        return null;
    }

    private static boolean fits(String type, JsonNode value) {
        if (value.isNull()) {
            return type.endsWith("|null");
        }
        return switch (type.replace("|null", "")) {
            case "string" -> value.isTextual();
            case "integer" -> value.isIntegralNumber();
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            case "array" -> value.isArray();
            case "object" -> value.isObject();
            case "any" -> true;
            default -> false;
        };
    }
}
