package io.outpost.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.gateway.SourceTypes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * Every key every source type declares, for its sources and for their tags, is written in some
 * valid case, comes out of the printer, and loads back to an equal config: no declared key can be
 * read but not printed, or printed but not read back.
 */
class DeclaredKeysRoundTripTest {

    private static final SourceTypes TYPES = SourceTypes.standard();
    private static final ConfigLoader LOADER = TYPES.loader();
    private static final ConfigPrinter PRINTER = TYPES.printer();

    @Test
    void everyDeclaredSourceAndTagKeyIsWrittenPrintedAndLoadsBackEqual() throws IOException {
        List<Path> cases = validCases();
        List<Map<String, Object>> written = new ArrayList<>();
        List<Map<String, Object>> printed = new ArrayList<>();
        for (Path file : cases) {
            OutpostConfig config = LOADER.load(file).configOrThrow();
            String yaml = PRINTER.toYaml(config);
            assertEquals(config, LOADER.parse(yaml, config.file()).configOrThrow(), file + " printed does not load back equal");
            written.addAll(sources(new Yaml().load(Files.readString(file))));
            printed.addAll(sources(new Yaml().load(yaml)));
        }
        List<String> missing = new ArrayList<>();
        for (SourceSchema<?, ?> type : TYPES.catalog().schemas()) {
            Set<String> sourceKeys = sourceSection(type).keyNames();
            Set<String> tagKeys = type.tagSchema().schema().section().keyNames();
            for (String what : List.of("written in a valid case", "printed")) {
                List<Map<String, Object>> seen = what.equals("printed") ? printed : written;
                missing.addAll(unseen(type.typeName(), sourceKeys, keysOf(seen, type.typeName(), false), what));
                missing.addAll(unseen(type.typeName() + " tag", tagKeys, keysOf(seen, type.typeName(), true), what));
            }
        }
        assertEquals(List.of(), missing);
    }

    private static Section sourceSection(SourceSchema<?, ?> type) {
        return ConfigReference.sections(TYPES.catalog()).stream()
                .filter(s -> s.qualifier().equals("type: " + type.typeName()))
                .findFirst().orElseThrow();
    }

    private static List<String> unseen(String where, Set<String> declared, Set<String> seen, String what) {
        return declared.stream().filter(k -> !seen.contains(k)).map(k -> where + " key `" + k + "` is never " + what).toList();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> sources(Object document) {
        return (List<Map<String, Object>>) ((Map<String, Object>) document).get("sources");
    }

    @SuppressWarnings("unchecked")
    private static Set<String> keysOf(List<Map<String, Object>> sources, String type, boolean tags) {
        Set<String> keys = new TreeSet<>();
        for (Map<String, Object> source : sources) {
            if (!type.equals(String.valueOf(source.get("type")))) {
                continue;
            }
            if (!tags) {
                keys.addAll(source.keySet());
            } else if (source.get("tags") instanceof List<?> list) {
                list.forEach(tag -> keys.addAll(((Map<String, Object>) tag).keySet()));
            }
        }
        return keys;
    }

    private static List<Path> validCases() throws IOException {
        try (Stream<Path> listing = Files.list(ConfigCasesTest.CASES)) {
            List<Path> cases = listing.filter(d -> Files.exists(d.resolve("expected.out")))
                    .map(d -> d.resolve("outpost.yaml")).sorted().toList();
            assertTrue(cases.size() >= 10, "expected valid cases in " + ConfigCasesTest.CASES);
            return cases;
        }
    }
}
