package io.outpost.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.gateway.SourceTypes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** docs/config.md is what the key declarations produce, and the declarations are sound. */
class ConfigReferenceTest {

    private static final Path DOCS = Path.of("docs/config.md");
    private static final SourceCatalog CATALOG = SourceTypes.standard().catalog();

    @Test
    void committedReferenceMatchesTheDeclarations() throws IOException {
        String expected = ConfigReference.markdown(CATALOG);
        if (Boolean.getBoolean("outpost.regenerateDocs")) {
            Files.createDirectories(DOCS.getParent());
            Files.writeString(DOCS, expected, StandardCharsets.UTF_8);
        }
        String committed = Files.exists(DOCS) ? Files.readString(DOCS) : "";
        assertEquals(expected, committed, DOCS + " is out of date with the key declarations; regenerate it with:\n  "
                + ConfigReference.REGENERATE + "\nand commit the result");
    }

    @Test
    void everyDeclaredKeyIsDocumentedAndItsDefaultPassesItsOwnChecks() {
        List<String> faults = new ArrayList<>();
        for (Section section : ConfigReference.sections(CATALOG)) {
            for (Key<?> key : section.keys()) {
                String where = (section.path().isEmpty() ? "" : section.path() + ".") + key.name();
                if (key.doc().isBlank()) {
                    faults.add(where + " has no doc");
                }
                if (!key.name().matches("[a-z][a-z0-9_]*")) {
                    faults.add(where + " is not snake_case");
                }
                faults.addAll(defaultFaults(where, key));
            }
        }
        assertEquals(List.of(), faults);
    }

    private static <T> List<String> defaultFaults(String where, Key<T> key) {
        List<String> faults = new ArrayList<>();
        key.defaultValueIfAny().ifPresent(value -> {
            for (Check<? super T> check : key.checks()) {
                check.apply(value).ifPresent(complaint -> faults.add(where + " default " + value + ": " + complaint));
            }
        });
        return faults;
    }

    @Test
    void everySectionIsReachableAndEverySourceTypeHasOne() {
        List<Section> sections = ConfigReference.sections(CATALOG);
        for (Section expected : Stream.of(ConfigSchema.GATEWAY, ConfigSchema.STORE, ConfigSchema.METRICS, ConfigSchema.OTA,
                UplinkKeys.UPLINK, UplinkKeys.TLS, UplinkKeys.BATCH, UplinkKeys.BACKOFF, ProcessKeys.MODEL,
                ProcessKeys.ALARM).map(Schema::section).toList()) {
            assertTrue(sections.contains(expected), expected.path() + " " + expected.qualifier() + " is not documented");
        }
        for (SourceSchema<?, ?> type : CATALOG.schemas()) {
            assertTrue(sections.contains(type.tagSchema().schema().section()), type.typeName() + " tags are not documented");
        }
        assertEquals(CATALOG.typeNames().size(), sections.stream().filter(s -> s.path().equals("sources[]")
                && s.qualifier().startsWith("type: ")).count(), "every source type has its section");
        assertEquals(sections.size(), sections.stream().map(ConfigReference::anchor).distinct().count(),
                "every section needs its own anchor");
    }
}
