package io.outpost.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.config.OutpostConfig;
import io.outpost.testing.Await;
import io.outpost.testing.GatewayYaml;
import io.outpost.uplink.InboundMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The desired documents refused before anything is written (too large, not UTF-8), the one equal to the running
 * config (a no-op), and the outcome kept in the data dir across a restart.
 */
class DesiredConfigTest {

    private record Event(String type, Map<String, ?> fields) {
    }

    @TempDir
    Path work;

    private final List<Event> events = new ArrayList<>();

    @Test
    void aDocumentTooLargeOrNotUtf8IsRefusedAndTheFileIsUntouched() throws Exception {
        Path file = work.resolve("outpost.yaml");
        byte[] running = configFile(file);
        try (DesiredConfig desired = desired(file)) {
            desired.handle(message(new byte[DesiredConfig.MAX_BYTES + 1]));
            awaitEvents(1);
            assertEquals("desired-refused", events.get(0).type());
            assertTrue(events.get(0).fields().get("reason").toString().startsWith("larger than 262144 bytes (262145 bytes)"),
                    events.toString());

            desired.handle(message(new byte[] {'a', ':', ' ', (byte) 0xC3, (byte) 0x28}));
            awaitEvents(2);
            assertEquals("not UTF-8 text at byte 4; the running config is kept", events.get(1).fields().get("reason"));
            assertEquals(DesiredOutcome.State.REFUSED, desired.outcome().orElseThrow().state());
        }
        assertTrue(java.util.Arrays.equals(running, Files.readAllBytes(file)), "the config file is untouched");
        assertTrue(Files.notExists(DesiredConfig.previousFile(file)), "nothing was installed");
    }

    @Test
    void theRunningConfigIsANoOpAndAnOutcomeIsRememberedAcrossARestart() throws Exception {
        Path file = work.resolve("outpost.yaml");
        byte[] running = configFile(file);
        try (DesiredConfig desired = desired(file)) {
            desired.handle(message(running));
            Await.until("the no-op remembered", () -> desired.outcome().isPresent());
            assertEquals(new DesiredOutcome(ConfigDigest.of(running).hex(), DesiredOutcome.State.APPLIED,
                    "equal to the running config", List.of()), desired.outcome().orElseThrow());
            desired.handle(message(new byte[] {(byte) 0xFF}));
            awaitEvents(1);
        }
        try (DesiredConfig restarted = desired(file)) {
            assertEquals(DesiredOutcome.State.REFUSED, restarted.outcome().orElseThrow().state(), "read from the data dir");
            restarted.handle(message(new byte[] {(byte) 0xFF}));
            byte[] later = {(byte) 0xFE};
            restarted.handle(message(later));
            // Handled in order: once the later document is refused, the first one was passed over or refused again.
            Await.until("the later document refused", () -> digests().contains(ConfigDigest.of(later).hex()), events::toString);
            assertEquals(2, eventCount(), "the document already refused is passed over: " + events);
        }
        assertEquals(List.of(), events.stream().filter(e -> !e.type().equals("desired-refused")).toList());
    }

    @Test
    void aDocumentOnTrialWhenTheDaemonStoppedIsOnTrialAgainAtTheNextStartAndRolledBack() throws Exception {
        Path file = work.resolve("outpost.yaml");
        GatewayYaml.of("desired-unit", work.resolve("data")).sources(GatewayYaml.SIM_COUNTER).write(DesiredConfig.previousFile(file));
        GatewayYaml trying = GatewayYaml.of("desired-unit", work.resolve("data")).sources(GatewayYaml.SIM_COUNTER)
                .desiredDeadline("1s").backoff("1s", "5s");
        trying.write(file);
        String digest = ConfigDigest.of(file).hex();
        new DesiredOutcome(digest, DesiredOutcome.State.APPLYING, "", List.of()).write(mkdirs(work.resolve("data")));
        List<String> applied = new ArrayList<>();
        ConfigReload reload = new ConfigReload(trying.parse(file), ConfigDigest.of(file), (next, changes) -> {
            applied.addAll(changes.parts());
            return changes.parts();
        }, this::record);
        try (DesiredConfig desired = new DesiredConfig(reload, work.resolve("data"),
                sources -> Optional.of("the uplink to tcp://127.0.0.1:1 is not connected"), this::record)) {
            desired.resume();
            awaitEvents(2);
        }
        assertEquals(List.of("reloaded", "desired-rolled-back"), events.stream().map(Event::type).toList());
        assertEquals(Files.readString(DesiredConfig.previousFile(file)), Files.readString(file));
        assertEquals(List.of("uplink"), applied, "the previous config's uplink is applied again");
        DesiredOutcome outcome = DesiredOutcome.read(work.resolve("data")).orElseThrow();
        assertEquals(DesiredOutcome.State.ROLLED_BACK, outcome.state());
        assertTrue(outcome.reason().startsWith("not healthy within 1s (the uplink to tcp://127.0.0.1:1 is not connected)"),
                outcome.reason());
    }

    private DesiredConfig desired(Path file) {
        OutpostConfig config = GatewayYaml.of("desired-unit", work.resolve("data")).sources(GatewayYaml.SIM_COUNTER)
                .parse(file);
        ConfigReload reload = new ConfigReload(config, ConfigDigest.of(file), (next, changes) -> {
            throw new AssertionError("nothing here is applied");
        }, this::record);
        return new DesiredConfig(reload, mkdirs(work.resolve("data")), sources -> Optional.empty(), this::record);
    }

    private byte[] configFile(Path file) throws Exception {
        GatewayYaml.of("desired-unit", work.resolve("data")).sources(GatewayYaml.SIM_COUNTER).write(file);
        return Files.readAllBytes(file);
    }

    private static Path mkdirs(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private synchronized void record(String type, Map<String, ?> fields) {
        events.add(new Event(type, Map.copyOf(fields)));
    }

    private void awaitEvents(int count) {
        Await.until(count + " event(s)", () -> eventCount() >= count, events::toString);
    }

    private synchronized List<Object> digests() {
        return events.stream().map(e -> (Object) e.fields().get("digest")).toList();
    }

    private synchronized int eventCount() {
        return events.size();
    }

    private static InboundMessage message(byte[] payload) {
        return new InboundMessage("outpost/desired-unit/twin/desired", payload, Optional.empty(), Optional.empty());
    }
}
