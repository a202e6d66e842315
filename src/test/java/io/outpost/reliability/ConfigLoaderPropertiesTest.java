package io.outpost.reliability;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.config.ConfigLoader;
import io.outpost.config.ConfigProblem;
import io.outpost.config.ConfigResult;
import io.outpost.gateway.SourceTypes;
import io.outpost.testing.GatewayYaml;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.StringLength;

/**
 * Scenario 10, the config loader: any text, and edits of a valid config, give a config or a list of
 * problems each with its line and a message; no exception escapes {@link ConfigLoader#parse}, so
 * {@code outpost validate} and a reload always answer in words.
 */
class ConfigLoaderPropertiesTest {

    private static final Path FILE = Path.of("/etc/outpost/outpost.yaml");
    private static final String VALID = GatewayYaml.of("prop-gw", Path.of("/var/lib/outpost"))
            .sources(GatewayYaml.SIM_COUNTER, GatewayYaml.modbusPlc(1502, "1s", "500ms"))
            .uplink("tcp://127.0.0.1:1883").text();
    private final ConfigLoader loader = SourceTypes.standard().loader();

    @Property(tries = 300)
    void anyText(@ForAll @StringLength(max = 300) String text) {
        load(text);
    }

    @Property(tries = 400)
    void editsOfAValidConfig(@ForAll("edited") byte[] text) {
        load(new String(text, StandardCharsets.UTF_8));
    }

    @Example
    void theValidConfigLoadsAndHostileYamlIsRefused() {
        assertTrue(loader.parse(VALID, FILE).isValid(), loader.parse(VALID, FILE).formatProblems());
        load("a: &a [*a, *a]\nb: *a\n");
        load("x: " + "[".repeat(20_000));
        load("lol: &l [" + "x,".repeat(1000) + "]\nlol2: &l2 [" + "*l,".repeat(1000) + "]\n");
        load("gateway: !!java.net.URL [\"http://example.com\"]\n");
        load("gateway:\n  id: \"\\ud800\"\n");
        load("\t- :\n");
    }

    @Provide
    Arbitrary<byte[]> edited() {
        return BadInput.edits(VALID.getBytes(StandardCharsets.UTF_8), " \t\n:-#&*!|>'\"{}[],?%@`0123456789.smhMB");
    }

    private void load(String text) {
        BadInput.parsesOrIsRefused(RuntimeException.class, "\u0000never", text, () -> {
            ConfigResult result = loader.parse(text, FILE);
            for (ConfigProblem problem : result.problems()) {
                assertTrue(problem.message() != null && !problem.message().isBlank(), "a problem without words: " + problem);
                assertTrue(problem.line() >= 0, "a problem without a line: " + problem);
            }
            assertTrue(result.isValid() || !result.problems().isEmpty(), "neither a config nor a problem");
        });
    }
}
