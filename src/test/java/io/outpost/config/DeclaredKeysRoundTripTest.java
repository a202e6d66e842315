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
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * Every key the file declares, in every section (the gateway's, a source type's, its tags', the
 * uplink's nested mappings), is written in some valid case, comes out of the printer, and loads
 * back to an equal config: no declared key can be read but not printed, or printed but not read back.
 *
 * <p>A key is counted where it sits: {@code sources[] (type: modbus-rtu).tags[].order} is not
 * covered by a modbus-tcp tag, though both types share the tag declaration.
 */
class DeclaredKeysRoundTripTest {

    private static final SourceTypes TYPES = SourceTypes.standard();
    private static final ConfigLoader LOADER = TYPES.loader();
    private static final ConfigPrinter PRINTER = TYPES.printer();
    private static final Section ROOT = FileSchema.of(TYPES.catalog()).root().section();

    @Test
    void everyDeclaredKeyOfEverySectionIsWrittenPrintedAndLoadsBackEqual() throws IOException {
        Set<String> written = new TreeSet<>();
        Set<String> printed = new TreeSet<>();
        for (Path file : validCases()) {
            OutpostConfig config = LOADER.load(file).configOrThrow();
            String yaml = PRINTER.toYaml(config);
            assertEquals(config, LOADER.parse(yaml, config.file()).configOrThrow(), file + " printed does not load back equal");
            seen(ROOT, "", new Yaml().load(Files.readString(file)), written);
            seen(ROOT, "", new Yaml().load(yaml), printed);
        }
        Set<String> declared = new TreeSet<>();
        declared(ROOT, "", declared);
        List<String> missing = new ArrayList<>();
        declared.stream().filter(k -> !written.contains(k)).forEach(k -> missing.add("`" + k + "` is never written in a valid case"));
        declared.stream().filter(k -> !printed.contains(k)).forEach(k -> missing.add("`" + k + "` is never printed"));
        assertEquals(List.of(), missing);
        assertTrue(declared.size() > 100, "expected the keys of every section, found " + declared);
    }

    /** Every key path the declarations allow, each nested section under the key that holds it. */
    private static void declared(Section section, String path, Set<String> out) {
        for (Key<?> key : section.keys()) {
            String keyPath = join(path, key.name());
            out.add(keyPath);
            List<Section> nested = key.type().sections();
            for (Section inner : nested) {
                declared(inner, nestedPath(keyPath, key, inner, nested), out);
            }
        }
    }

    /** Every declared key path that {@code value}, a mapping read as {@code section}, writes. */
    private static void seen(Section section, String path, Object value, Set<String> out) {
        if (!(value instanceof Map<?, ?> mapping)) {
            return;
        }
        for (Map.Entry<?, ?> entry : mapping.entrySet()) {
            Key<?> key = section.key(String.valueOf(entry.getKey()));
            if (key == null) {
                continue;
            }
            String keyPath = join(path, key.name());
            out.add(keyPath);
            List<Section> nested = key.type().sections();
            List<?> entries = entry.getValue() instanceof List<?> list ? list : List.of(entry.getValue());
            for (Object inner : entries) {
                variant(nested, inner).ifPresent(s -> seen(s, nestedPath(keyPath, key, s, nested), inner, out));
            }
        }
    }

    /** The section a nested mapping is read as: the only one, or the variant its discriminator names. */
    private static Optional<Section> variant(List<Section> sections, Object value) {
        if (sections.size() == 1 || !(value instanceof Map<?, ?> mapping)) {
            return sections.stream().filter(s -> sections.size() == 1).findFirst();
        }
        return sections.stream().filter(s -> mapping.entrySet().stream()
                .anyMatch(e -> s.qualifier().equals(e.getKey() + ": " + e.getValue()))).findFirst();
    }

    private static String nestedPath(String keyPath, Key<?> key, Section inner, List<Section> nested) {
        String list = inner.path().endsWith("[]") ? "[]" : "";
        return nested.size() == 1 ? keyPath + list : keyPath + list + " (" + inner.qualifier() + ")";
    }

    private static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
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
