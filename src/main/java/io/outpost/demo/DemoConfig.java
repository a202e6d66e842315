package io.outpost.demo;

import io.outpost.gateway.SourceTypes;
import io.outpost.config.OutpostConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The demo gateway's config: a real YAML file, loaded the way {@code outpost run} loads one. */
final class DemoConfig {

    /** The source that polls {@link DemoModbusDevice}. */
    static final String MODBUS_SOURCE = "plc";
    /** The source that subscribes to {@link DemoOpcUaServer}. */
    static final String OPCUA_SOURCE = "oven";
    /** The source of the vibration tag the shipped model watches. */
    static final String MACHINE_SOURCE = "machine";
    static final String MACHINE_TAG = MACHINE_SOURCE + "/vibration";
    /** The machine tag's reading interval, ms. */
    static final int MACHINE_INTERVAL_MILLIS = 20;
    static final String MODEL = "vibration-anomaly";
    /** The model's output: a derived tag of the machine. */
    static final String SCORE_TAG = MACHINE_SOURCE + "/anomaly_score";
    static final String ALARM = "bearing";
    /** The shipped model's thresholds (conf/models/README.md, "Alarm threshold"). */
    static final double ABOVE = 0.01;
    static final double CLEAR = 0.005;
    /** The shipped model, relative to the installation (or to a source checkout, for the tests). */
    static final String SHIPPED_MODEL = "conf/models/vibration-anomaly-int8.onnx";

    private DemoConfig() {
    }

    /** Fifty energy meters read twice a second: enough traffic for the queue to grow visibly. */
    private static String meterTags() {
        StringBuilder tags = new StringBuilder();
        for (int i = 1; i <= 50; i++) {
            tags.append(i == 1 ? "" : "\n").append("      - { name: kw_").append(i)
                    .append(", signal: random-walk, period: 20s, amplitude: 10.0, interval: 500ms, deadband: 0.01 }");
        }
        return tags.toString();
    }

    /** The shipped int8 model: under {@code outpost.home} when the launcher set it, else under the working directory. */
    static Path shippedModel() {
        String home = System.getProperty("outpost.home");
        Path model = (home == null ? Path.of(SHIPPED_MODEL) : Path.of(home, SHIPPED_MODEL)).toAbsolutePath();
        if (!Files.isRegularFile(model)) {
            throw new IllegalStateException("the demo's model " + model + " is missing: run the demo with ./outpost demo");
        }
        return model;
    }

    /**
     * The machine the shipped model was trained on (period 1 s, amplitude 1.0, a reading every 20 ms:
     * conf/models/README.md, "Trained for"), with the bearing fault of {@code fault}.
     */
    private static String machineSource(DemoFault fault) {
        return """
                  - name: %s
                    type: simulator
                    tags:
                      - { name: vibration, signal: vibration, period: 1s, amplitude: 1.0, interval: %dms, deadband: 0.1, fault_after: %ds, fault_for: %ds }
                """.formatted(MACHINE_SOURCE, MACHINE_INTERVAL_MILLIS, fault.afterSeconds(), fault.forSeconds());
    }

    /**
     * The model runs four times a second, for a lively score. The alarm's {@code for} is 2 s, not the
     * README's 5 s: the demo's fault lasts only a few seconds; 2 s still ride out the odd window that a
     * late tick of a busy machine distorts.
     */
    private static String modelAndAlarm(Path model) {
        return """
                models:
                  - { name: %s, file: "%s", inputs: [%s], window: 32, every: 250ms, output: %s }
                alarms:
                  - { name: %s, tag: %s, above: %s, clear: %s, for: 2s, severity: major }
                """.formatted(MODEL, model, MACHINE_TAG, SCORE_TAG, ALARM, SCORE_TAG, ABOVE, CLEAR);
    }

    static OutpostConfig load(Path work, int brokerPort, int modbusPort, String opcUaEndpoint, Path model, DemoFault fault)
            throws IOException {
        Path file = work.resolve("outpost.yaml");
        // The machine comes first: its source starts first, and the fault counts from its start.
        Files.writeString(file, """
                gateway:
                  id: %s
                  data_dir: %s
                  admin_socket: %s
                sources:
                %s\
                  - name: line1
                    type: simulator
                    tags:
                      - { name: vibration, signal: sine, period: 5s, amplitude: 2.0, interval: 100ms, deadband: 0.05 }
                      - { name: temperature, signal: random-walk, period: 60s, amplitude: 5.0, interval: 250ms, deadband: 0.02 }
                      - { name: cycle_count, signal: counter, interval: 500ms }
                      - { name: valve_open, signal: step, period: 8s, amplitude: 1.0, interval: 200ms, max_age: 5s }
                  - name: line2
                    type: simulator
                    tags:
                      - { name: pressure, signal: sine, period: 7s, amplitude: 8.0, interval: 100ms, deadband: "1%%" }
                      - { name: flow, signal: random-walk, period: 30s, amplitude: 3.0, interval: 100ms }
                  - name: meters
                    type: simulator
                    tags:
                %s
                  - name: %s
                    type: modbus-tcp
                    host: 127.0.0.1
                    port: %d
                    poll_interval: 250ms
                    timeout: 2s
                    tags:
                      - { name: tank_level, address: 0, type: float32, deadband: 0.01 }
                      - { name: temperature, address: 2, type: int16, scale: 0.1 }
                      - { name: energy_wh, address: 3, type: uint32, order: CDAB }
                      - { name: flow, table: input, address: 0, type: float64, deadband: 0.2 }
                      - { name: pump_running, table: coil, address: 0, type: bool, max_age: 5s }
                  - name: %s
                    type: opcua
                    endpoint: %s
                    mode: subscribe
                    interval: 250ms
                    tags:
                      - { name: temperature, node: "nsu=urn:outpost:demo;s=Line/Temperature", deadband: 0.05 }
                      - { name: parts_made, node: "nsu=urn:outpost:demo;s=Line/PartsMade" }
                      - { name: running, node: "nsu=urn:outpost:demo;s=Line/Running", max_age: 5s }
                      - { name: state, node: "nsu=urn:outpost:demo;s=Line/State" }
                store:
                  max_size: 64MB
                uplink:
                  url: tcp://127.0.0.1:%d
                  batch:
                    max_samples: 100
                    max_delay: 250ms
                  backoff:
                    initial: 250ms
                    max: 2s
                  encoding: json        # the demo's consumer reads JSON records
                %s\
                """.formatted(Demo.GATEWAY_ID, work.resolve("data"), work.resolve("admin.sock"), machineSource(fault),
                        meterTags(), MODBUS_SOURCE, modbusPort, OPCUA_SOURCE, opcUaEndpoint, brokerPort, modelAndAlarm(model)));
        return SourceTypes.standard().loader().load(file).configOrThrow();
    }
}
