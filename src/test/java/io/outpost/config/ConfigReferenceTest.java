package io.outpost.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docs/config.md is what the key declarations produce, and the declarations are sound. */
class ConfigReferenceTest {

    private static final Path DOCS = Path.of("docs/config.md");

    @Test
    void committedReferenceMatchesTheDeclarations() throws IOException {
        String expected = ConfigReference.markdown();
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
        for (Section section : ConfigReference.sections()) {
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
        List<Section> sections = ConfigReference.sections();
        for (Section expected : List.of(ConfigSchema.GATEWAY, ConfigSchema.STORE, ConfigSchema.METRICS, ConfigSchema.OTA,
                UplinkKeys.UPLINK, UplinkKeys.TLS, UplinkKeys.BATCH, UplinkKeys.BACKOFF, ProcessKeys.MODEL,
                ProcessKeys.ALARM, SourceKeys.MODBUS_TAG, SourceKeys.OPCUA_TAG, SourceKeys.GPIO_TAG, SourceKeys.SIMULATOR_TAG)) {
            assertTrue(sections.contains(expected), expected.path() + " " + expected.qualifier() + " is not documented");
        }
        assertEquals(SourceType.values().length, SourceKeys.FAMILY.variants().size());
        assertEquals(sections.size(), sections.stream().map(ConfigReference::anchor).distinct().count(),
                "every section needs its own anchor");
    }
}
