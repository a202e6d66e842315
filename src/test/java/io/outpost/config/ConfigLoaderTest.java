package io.outpost.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.gateway.SourceTypes;
import io.outpost.source.modbus.ModbusTagConfig;
import io.outpost.value.TagId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    private static final ConfigLoader LOADER = SourceTypes.standard().loader();

    private static final Path NAME = Path.of("outpost.yaml");
    private static final String UPLINK = "uplink:\n  url: tcp://localhost:1883\n";

    @TempDir
    Path dir;

    @Test
    void problemFormatNamesFileLineColumnAndKeyPath() {
        ConfigProblem withKey = new ConfigProblem(NAME, 12, 5, "sources[0].tags[1].deadband", "must not be negative");
        assertEquals("outpost.yaml:12:5: sources[0].tags[1].deadband: must not be negative", withKey.format());
        assertEquals(withKey.format(), withKey.toString());
        assertEquals("outpost.yaml:1:1: no such file", new ConfigProblem(NAME, 1, 1, "", "no such file").format());
        assertEquals("x/y.yaml:12:5: sources[0].tags[1].deadband: must not be negative",
                withKey.withFile(Path.of("x/y.yaml")).format());
    }

    @Test
    void reportsEveryProblemAtOnceSortedByPosition() {
        String yaml = """
                uplink:
                  url: tcp://localhost
                gateway:
                  id: a b
                sources:
                  - name: s
                    type: simulator
                    tags:
                      - name: t
                        period: 5
                """;
        ConfigResult result = LOADER.parse(yaml, NAME);
        assertFalse(result.isValid());
        assertTrue(result.config().isEmpty());
        assertEquals(List.of(2, 4, 10), result.problems().stream().map(ConfigProblem::line).toList());
        assertEquals(result.problems().stream().sorted().toList(), result.problems());
        ConfigException e = assertThrows(ConfigException.class, result::configOrThrow);
        assertEquals(result.formatProblems(), e.getMessage());
        assertEquals(3, e.getMessage().lines().count());
    }

    @Test
    void loadsAFileAndResolvesRelativePathsAgainstItsFolder() throws IOException {
        Path file = dir.resolve("conf/outpost.yaml");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "gateway:\n  id: gw\n  data_dir: data\n" + simulator("t") + UPLINK);
        OutpostConfig config = LOADER.load(file).configOrThrow();
        assertEquals(file, config.file());
        assertEquals(dir.resolve("conf/data"), config.gateway().dataDir());
    }

    @Test
    void aMissingOrUnreadableFileIsOneProblem() throws IOException {
        Path missing = dir.resolve("nope.yaml");
        assertEquals(List.of(missing + ":1:1: no such file"), lines(LOADER.load(missing)));

        Path binary = dir.resolve("binary.yaml");
        Files.write(binary, new byte[] {'a', ':', ' ', (byte) 0xC3, (byte) 0x28});
        assertEquals(List.of(binary + ":1:1: not UTF-8 text"), lines(LOADER.load(binary)));

        Path huge = dir.resolve("huge.yaml");
        Files.write(huge, new byte[(int) ConfigLoader.MAX_FILE_BYTES + 1]);
        assertEquals(List.of(huge + ":1:1: the file is 4194305B; a config may be at most 4MB"), lines(LOADER.load(huge)));
    }

    @Test
    void refusesAliasesThatExpandBeyondReason() {
        StringBuilder yaml = new StringBuilder("x-0: &a0 [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]\n");
        for (int i = 1; i <= 9; i++) {
            yaml.append("x-").append(i).append(": &a").append(i).append(" [");
            yaml.append(String.join(", ", java.util.Collections.nCopies(10, "*a" + (i - 1)))).append("]\n");
        }
        yaml.append("gateway:\n  id: gw\n").append(simulator("t")).append(UPLINK);
        ConfigResult result = LOADER.parse(yaml.toString(), NAME);
        assertEquals(List.of("outpost.yaml:1:1: the document expands to more than 1000000 values through its aliases; "
                + "write it out plainly"), lines(result));
    }

    @Test
    void aThousandTagsLoadAndEveryReferenceToThemResolves() {
        int count = 5000;
        StringBuilder yaml = new StringBuilder("gateway:\n  id: big\nsources:\n  - name: plc\n    type: modbus-tcp\n"
                + "    host: 192.0.2.10\n    tags:\n");
        for (int i = 0; i < count; i++) {
            yaml.append("      - {name: t").append(i).append(", address: ").append(i * 2).append(", type: float32, deadband: 0.1}\n");
        }
        yaml.append("alarms:\n");
        for (int i = 0; i < count; i++) {
            yaml.append("  - {name: a").append(i).append(", tag: plc/t").append(i).append(", above: ").append(i).append("}\n");
        }
        yaml.append(UPLINK);
        OutpostConfig config = LOADER.parse(yaml.toString(), NAME).configOrThrow();
        assertEquals(count, config.sources().get(0).tags().size());
        assertEquals(count, config.alarms().size());
        assertEquals(new TagId("plc", "t4999"), config.alarms().get(count - 1).tag());
        assertEquals(OptionalDouble.of(4999), config.alarms().get(count - 1).above());
    }

    @Test
    void modbusDefaultsDependOnTheValueWidth() {
        String yaml = "gateway:\n  id: gw\nsources:\n  - name: plc\n    type: modbus-tcp\n    host: plc\n    tags:\n"
                + "      - {name: a, address: 0, type: int16}\n"
                + "      - {name: b, address: 1, type: float64}\n"
                + "      - {name: c, table: coil, address: 0, type: bool}\n" + UPLINK;
        List<? extends TagConfig> tags = LOADER.parse(yaml, NAME).configOrThrow().sources().get(0).tags();
        assertEquals(ModbusTagConfig.Order.AB, ((ModbusTagConfig) tags.get(0)).order());
        assertEquals(ModbusTagConfig.Order.ABCD, ((ModbusTagConfig) tags.get(1)).order());
        assertEquals(ModbusTagConfig.Order.AB, ((ModbusTagConfig) tags.get(2)).order());
    }

    @Test
    void uplinkDefaultsComeFromTheGatewayId() {
        UplinkConfig uplink = LOADER.parse("gateway:\n  id: press-7\n" + simulator("t") + UPLINK, NAME)
                .configOrThrow().uplink();
        assertEquals("press-7", uplink.clientId());
        assertEquals("outpost/press-7", uplink.topicPrefix());
        assertEquals(new BatchConfig(500, java.time.Duration.ofMillis(200)), uplink.batch());
        assertEquals(32, uplink.inflight());
        assertEquals(new BackoffConfig(java.time.Duration.ofSeconds(1), java.time.Duration.ofMinutes(2), 2.0), uplink.backoff());
        assertTrue(uplink.tls().isEmpty());
    }

    @Test
    void resultHoldsAConfigExactlyWhenThereAreNoProblems() {
        ConfigProblem problem = new ConfigProblem(NAME, 1, 1, "", "x");
        assertThrows(IllegalArgumentException.class,
                () -> new ConfigResult(java.util.Optional.empty(), List.of(), List.of()));
        ConfigResult invalid = new ConfigResult(java.util.Optional.empty(), List.of(problem), List.of());
        assertFalse(invalid.isValid());
    }

    private static String simulator(String tag) {
        return "sources:\n  - name: sim\n    type: simulator\n    tags:\n      - name: " + tag + "\n";
    }

    private static List<String> lines(ConfigResult result) {
        return result.problems().stream().map(ConfigProblem::format).toList();
    }
}
