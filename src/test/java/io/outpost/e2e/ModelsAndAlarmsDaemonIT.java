package io.outpost.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.config.StoreConfig.OnFull;
import io.outpost.process.alarm.Alarms;
import io.outpost.store.MapDbRecordStore;
import io.outpost.store.StoredRecord;
import io.outpost.testing.Await;
import io.outpost.testing.GatewayYaml;
import io.outpost.testing.JsonRecords;
import io.outpost.value.Lane;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code outpost run} as a process: ONNX Runtime's native library is mapped only when the config has a
 * model, and a raised alarm survives {@code kill -9} without being raised again.
 */
class ModelsAndAlarmsDaemonIT {

    private static final Path SHIPPED = Path.of("conf/models/vibration-anomaly-int8.onnx").toAbsolutePath();

    @TempDir
    Path work;

    private static boolean mapsOnnxRuntime(DaemonProcess daemon) throws Exception {
        return Files.readString(Path.of("/proc/" + daemon.pid() + "/maps")).contains("onnxruntime");
    }

    private Path config(String name, String sections) {
        return GatewayYaml.of(name, work.resolve(name)).sources("""
                - name: sim
                  type: simulator
                  tags:
                    - { name: counter, signal: counter, interval: 100ms }
                    - { name: vibration, signal: vibration, period: 1s, amplitude: 1.0, interval: 20ms }
                """).section(sections).write(work.resolve(name + ".yaml"));
    }

    @Test
    void onnxRuntimeIsLoadedOnlyWhenTheConfigHasAModel() throws Exception {
        Path without = config("plain", "");
        try (DaemonProcess daemon = DaemonProcess.start(work.resolve("plain.log"), "run", "-c", without.toString())) {
            Await.until("started", Duration.ofSeconds(60), () -> daemon.output().contains("event=gateway-started"), daemon::output);
            assertFalse(mapsOnnxRuntime(daemon), "no model, no ONNX Runtime");
            daemon.terminate();
        }
        Path with = config("model", """
                models:
                  - { name: vib, file: %s, inputs: [sim/vibration], window: 32, every: 1s, output: sim/score }
                """.formatted(SHIPPED));
        try (DaemonProcess daemon = DaemonProcess.start(work.resolve("model.log"), "run", "-c", with.toString())) {
            Await.until("started", Duration.ofSeconds(60), () -> daemon.output().contains("event=gateway-started"), daemon::output);
            assertTrue(mapsOnnxRuntime(daemon), "a model loads the runtime");
            daemon.terminate();
        }
    }

    @Test
    void aRaisedAlarmSurvivesKillNineAndIsNotRaisedAgain() throws Exception {
        Path config = config("alarm", """
                alarms:
                  - { name: count-high, tag: sim/counter, above: 3, clear: -1, severity: critical }
                """);
        Path data = work.resolve("alarm");
        try (DaemonProcess daemon = DaemonProcess.start(work.resolve("run1.log"), "run", "-c", config.toString())) {
            Await.until("the alarm raised", Duration.ofSeconds(60),
                    () -> daemon.output().contains("event=alarm-raised alarm=count-high"), daemon::output);
            Thread.sleep(500); // its commit, well within a group-commit window
            daemon.kill9();
        }
        try (DaemonProcess daemon = DaemonProcess.start(work.resolve("run2.log"), "run", "-c", config.toString())) {
            Await.until("started again", Duration.ofSeconds(60),
                    () -> daemon.output().contains("event=gateway-started"), daemon::output);
            // The counter starts again at 1 and climbs past the threshold; it never falls to the clear level.
            Thread.sleep(2_000);
            assertFalse(daemon.output().contains("event=alarm-raised"), daemon.output());
            assertFalse(daemon.output().contains("event=alarm-cleared"), daemon.output());
            daemon.terminate();
        }
        List<String> records = new ArrayList<>();
        String state;
        try (MapDbRecordStore store = MapDbRecordStore.open(data.resolve("queue"), 256L << 20, OnFull.DROP_OLDEST,
                (lane, first, last, count, reason) -> { })) {
            for (StoredRecord r : store.read(Lane.ALARMS, 0, 100)) {
                records.add(JsonRecords.tree(r.payload()).get("type").asText());
            }
            state = new String(store.state(Alarms.STATE_NAME).orElseThrow(), StandardCharsets.UTF_8);
        }
        assertEquals(List.of("alarm-raised"), records, "raised once across the kill");
        assertTrue(state.contains("count-high"), state);
        assertFalse(Files.exists(data.resolve("alarms-active.json")), "the store keeps the state, no file of its own");
    }
}
