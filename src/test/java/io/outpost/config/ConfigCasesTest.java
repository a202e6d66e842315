package io.outpost.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.outpost.gateway.SourceTypes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every folder of {@code src/test/resources/cases/}: {@code outpost.yaml} with either
 * {@code expected.err} (the exact problem lines, the file shown as {@code outpost.yaml}) or
 * {@code expected.out} (warnings, then the resolved config as {@link ConfigPrinter} writes it, the
 * case folder shown as {@code $CASE}). A valid case must also load back from its printed form.
 *
 * <p>After a deliberate change of messages, {@code -Doutpost.regenerateCases=true} rewrites the
 * expected files; review the diff before committing it.
 */
class ConfigCasesTest {

    private static final ConfigLoader LOADER = SourceTypes.standard().loader();
    private static final ConfigPrinter PRINTER = SourceTypes.standard().printer();

    static final Path CASES = Path.of("src/test/resources/cases");
    private static final Path SHOWN_AS = Path.of("outpost.yaml");
    private static final boolean REGENERATE = Boolean.getBoolean("outpost.regenerateCases");

    @TestFactory
    Stream<DynamicTest> everyCaseGivesExactlyItsExpectedOutput() throws IOException {
        List<Path> cases;
        try (Stream<Path> listing = Files.list(CASES)) {
            cases = listing.filter(Files::isDirectory).sorted().toList();
        }
        assertTrue(cases.size() >= 30, "expected at least 30 cases in " + CASES + ", found " + cases.size());
        return cases.stream().map(dir -> dynamicTest(dir.getFileName().toString(), () -> check(dir)));
    }

    private static void check(Path dir) throws IOException {
        Path err = dir.resolve("expected.err");
        Path out = dir.resolve("expected.out");
        ConfigResult result = LOADER.load(dir.resolve("outpost.yaml"));
        if (REGENERATE) {
            Files.deleteIfExists(err);
            Files.deleteIfExists(out);
            Files.writeString(result.isValid() ? out : err, result.isValid() ? resolved(result, dir) : problems(result),
                    StandardCharsets.UTF_8);
            return;
        }
        assertTrue(Files.exists(err) != Files.exists(out), dir + " needs exactly one of expected.err and expected.out");
        if (Files.exists(err)) {
            assertFalse(result.isValid(), "expected problems, but the config is valid");
            assertEquals(Files.readString(err), problems(result));
        } else {
            assertTrue(result.isValid(), () -> "expected a valid config, got:\n" + problems(result));
            assertEquals(Files.readString(out), resolved(result, dir));
            OutpostConfig config = result.configOrThrow();
            ConfigResult reloaded = LOADER.parse(PRINTER.toYaml(config), config.file());
            assertEquals(config, reloaded.configOrThrow(), "the printed config must load back to the same config");
        }
    }

    private static String problems(ConfigResult result) {
        return result.problems().stream().map(p -> p.withFile(SHOWN_AS).format() + "\n").collect(Collectors.joining());
    }

    private static String resolved(ConfigResult result, Path dir) {
        List<String> lines = new ArrayList<>();
        result.warnings().forEach(w -> lines.add("warning: " + w.withFile(SHOWN_AS).format()));
        lines.add(PRINTER.toYaml(result.configOrThrow()));
        return String.join("\n", lines).replace(dir.toAbsolutePath().toString(), "$CASE");
    }
}
