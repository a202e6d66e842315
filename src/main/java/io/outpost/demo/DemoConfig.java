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

    static OutpostConfig load(Path work, int brokerPort, int modbusPort, String opcUaEndpoint) throws IOException {
        Path file = work.resolve("outpost.yaml");
        Files.writeString(file, """
                gateway:
                  id: %s
                  data_dir: %s
                  admin_socket: %s
                sources:
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
                """.formatted(Demo.GATEWAY_ID, work.resolve("data"), work.resolve("admin.sock"), meterTags(), MODBUS_SOURCE, modbusPort,
                        OPCUA_SOURCE, opcUaEndpoint, brokerPort));
        return SourceTypes.standard().loader().load(file).configOrThrow();
    }
}
