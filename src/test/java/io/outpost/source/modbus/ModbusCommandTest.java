package io.outpost.source.modbus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.config.OutpostConfig;
import io.outpost.gateway.Gateway;
import io.outpost.demo.EmbeddedBroker;
import io.outpost.testing.CommandClient;
import io.outpost.testing.GatewayYaml;
import io.outpost.testing.Gateways;
import io.outpost.testing.ModbusTestSlave;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code P/cmd/set-output} reaches a Modbus device: the value goes out with the tag's scale, type and
 * order applied in reverse, the reply carries the value read back, and read-only tables refuse.
 */
class ModbusCommandTest {

    private static final String P = "outpost/modbus-cmd";

    @TempDir
    Path work;

    @Test
    void setOutputWritesRegistersAndCoilsAndRepliesWithTheReadBack() throws Exception {
        try (ModbusTestSlave slave = new ModbusTestSlave(1, 16);
                EmbeddedBroker broker = new EmbeddedBroker(work.resolve("broker"), 0)) {
            slave.start();
            broker.start();
            OutpostConfig config = GatewayYaml.of("modbus-cmd", work.resolve("data"))
                    .sources("""
                            - name: plc
                              type: modbus-tcp
                              host: 127.0.0.1
                              port: %d
                              poll_interval: 200ms
                              timeout: 1s
                              tags:
                                - { name: setpoint, table: holding, address: 0, type: float32, order: CDAB }
                                - { name: speed, table: holding, address: 4, type: int16, scale: 0.1 }
                                - { name: pump, table: coil, address: 1, type: bool }
                                - { name: flow, table: input, address: 0, type: uint16 }
                            """.formatted(slave.port()))
                    .uplink(broker.url()).backoff("100ms", "500ms")
                    .parse(work.resolve("outpost.yaml"));
            try (Gateway gateway = Gateways.start(config);
                    CommandClient requester = new CommandClient(broker.url())) {
                Gateways.awaitLinkUp(gateway);

                assertEquals("{\"ok\":true,\"tag\":\"plc/setpoint\",\"value\":42.5}",
                        requester.request(P + "/cmd/set-output", "{\"tag\":\"plc/setpoint\",\"value\":42.5}").text());
                int bits = Float.floatToIntBits(42.5f);
                assertEquals(bits & 0xffff, slave.holding(0), "CDAB: low word first");
                assertEquals(bits >>> 16, slave.holding(1));

                assertEquals("{\"ok\":true,\"tag\":\"plc/speed\",\"value\":12.3}",
                        requester.request(P + "/cmd/set-output", "{\"tag\":\"plc/speed\",\"value\":12.3}").text());
                assertEquals(123, slave.holding(4), "scale 0.1 applied in reverse");

                assertEquals("{\"ok\":true,\"tag\":\"plc/pump\",\"value\":true}",
                        requester.request(P + "/cmd/set-output", "{\"tag\":\"plc/pump\",\"value\":true}").text());
                assertTrue(slave.coil(1));

                String refused = requester.request(P + "/cmd/set-output", "{\"tag\":\"plc/flow\",\"value\":1}").text();
                assertTrue(refused.startsWith("{\"ok\":false,\"error\":") && refused.contains("plc/flow"), refused);
                assertEquals(0, slave.holding(8), "nothing else was written");
            }
        }
    }
}
