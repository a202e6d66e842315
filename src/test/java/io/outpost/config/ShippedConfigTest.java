package io.outpost.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.outpost.gateway.SourceTypes;
import io.outpost.source.simulator.SimulatorTagConfig;
import io.outpost.value.TagId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** The config the package ships and every example beside it load with zero problems. */
class ShippedConfigTest {

    private static final ConfigLoader LOADER = SourceTypes.standard().loader();

    private static final Path SHIPPED = Path.of("conf/outpost.yaml");
    private static final Path EXAMPLES = Path.of("conf/examples");

    @TestFactory
    Stream<DynamicTest> shippedConfigAndEveryExampleLoadWithoutProblems() throws IOException {
        List<Path> files;
        try (Stream<Path> listing = Files.list(EXAMPLES)) {
            files = Stream.concat(Stream.of(SHIPPED), listing.sorted()).toList();
        }
        assertTrue(files.size() >= 7, "expected the default and six examples, found " + files);
        return files.stream().map(file -> dynamicTest(file.toString(), () -> {
            ConfigResult result = LOADER.load(file);
            assertEquals("", result.formatProblems(), file + " must load without problems");
        }));
    }

    @Test
    void everySourceTypeHasItsExample() {
        for (String name : List.of("modbus-tcp", "modbus-rtu", "opcua", "gpio", "tls-mtls", "full")) {
            assertTrue(Files.exists(EXAMPLES.resolve(name + ".yaml")), name + ".yaml is missing");
        }
        Set<String> inFull = LOADER.load(EXAMPLES.resolve("full.yaml")).configOrThrow().sources().stream()
                .map(SourceConfig::type).collect(Collectors.toSet());
        assertEquals(Set.copyOf(SourceTypes.standard().catalog().typeNames()), inFull, "full.yaml shows every source type");
    }

    @Test
    void shippedDefaultRunsTheSimulatorAgainstALocalBroker() {
        OutpostConfig config = LOADER.load(SHIPPED).configOrThrow();
        assertEquals(Path.of("/var/lib/outpost"), config.gateway().dataDir());
        assertEquals("tcp://localhost:1883", config.uplink().url().toString());
        assertEquals(List.of("simulator"), config.sources().stream().map(SourceConfig::type).toList());
        Set<SimulatorTagConfig.Signal> signals = config.sources().get(0).tags().stream()
                .map(t -> ((SimulatorTagConfig) t).signal()).collect(Collectors.toSet());
        assertEquals(Set.of(SimulatorTagConfig.Signal.values()), signals, "one tag of each signal");
        assertTrue(config.sources().get(0).tags().stream().anyMatch(t -> t.report().deadband().isPresent()));
        assertTrue(config.sources().get(0).tags().stream().anyMatch(t -> t.report().maxAge().isPresent()));
    }

    @Test
    void fullExampleResolvesItsDerivedTagForTheAlarm() {
        OutpostConfig config = LOADER.load(EXAMPLES.resolve("full.yaml")).configOrThrow();
        assertEquals(new TagId("sim", "anomaly_score"), config.models().get(0).output());
        assertTrue(config.alarms().stream().anyMatch(a -> a.tag().equals(config.models().get(0).output())));
        assertTrue(config.metrics().isPresent() && config.ota().isPresent());
    }
}
