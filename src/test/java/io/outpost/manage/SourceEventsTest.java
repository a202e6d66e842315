package io.outpost.manage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.config.OutpostConfig;
import io.outpost.gateway.Gateway;
import io.outpost.value.Lane;
import io.outpost.testing.Await;
import io.outpost.testing.CloudConsumer;
import io.outpost.testing.FreePorts;
import io.outpost.testing.GatewayYaml;
import io.outpost.testing.Gateways;
import io.outpost.testing.ModbusTestSlave;
import io.outpost.testing.MosquittoBroker;
import io.outpost.testing.TcpProxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code source-down} and {@code source-up} on {@code P/events} from a running gateway, through a real broker. */
class SourceEventsTest {

    private static final String P = "outpost/events-gw";

    @TempDir
    Path work;

    @Test
    void aDeviceThatFallsSilentIsDownOnceAndUpOnceWhenBackAndAFailedFirstConnectIsDownOnce() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.plain(work.resolve("mosquitto"));
                ModbusTestSlave device = new ModbusTestSlave(1, 8);
                TcpProxy line = new TcpProxy(device.port())) {
            broker.start();
            device.start();
            OutpostConfig config = GatewayYaml.of("events-gw", work.resolve("data"))
                    .sources("""
                            - name: plc
                              type: modbus-tcp
                              host: 127.0.0.1
                              port: %d
                              poll_interval: 200ms
                              timeout: 300ms
                              tags:
                                - { name: flow, table: input, address: 0, type: uint16 }
                            - name: line
                              type: opcua
                              endpoint: opc.tcp://127.0.0.1:%d
                              tags:
                                - { name: temperature, node: "ns=2;s=Line/Temperature" }
                            """.formatted(line.port(), FreePorts.loopback()))
                    .uplink(broker.url("tcp")).backoff("100ms", "500ms")
                    .parse(work.resolve("outpost.yaml"));
            try (CloudConsumer cloud = new CloudConsumer(broker.url("tcp"), P);
                    Gateway gateway = Gateways.start(config)) {
                Await.until("device read", Duration.ofSeconds(30), () -> gateway.stats().sources().get("plc").reads() > 2,
                        gateway::stats);

                line.mode(TcpProxy.Mode.SILENT);
                line.cutAll();
                cloud.awaitUntil("plc down", Duration.ofSeconds(30), all -> events(cloud, "source-down", "plc").size() == 1);
                assertTrue(events(cloud, "source-down", "plc").get(0).contains("\"reason\":\""), cloud.all().toString());

                line.mode(TcpProxy.Mode.FORWARD);
                line.cutAll();
                cloud.awaitUntil("plc up", Duration.ofSeconds(30), all -> events(cloud, "source-up", "plc").size() == 1);

                Await.until("the OPC UA connect failed twice", Duration.ofSeconds(30),
                        () -> gateway.stats().sources().get("line").failures() >= 2, gateway::stats);
                Await.until("events delivered", Duration.ofSeconds(30),
                        () -> gateway.stats().lanes().get(Lane.EVENTS).depth() == 0, gateway::stats);
                cloud.awaitUntil("line down", Duration.ofSeconds(30), all -> !events(cloud, "source-down", "line").isEmpty());
                List<String> lineDown = events(cloud, "source-down", "line");
                assertEquals(1, lineDown.size(), lineDown.toString());
                assertTrue(lineDown.get(0).contains("cannot connect to opc.tcp://127.0.0.1:"), lineDown.get(0));
                assertEquals(List.of(), events(cloud, "source-up", "line"));
                assertEquals(1, events(cloud, "source-down", "plc").size(), "one event per transition");
            }
        }
    }

    private static List<String> events(CloudConsumer cloud, String type, String source) {
        return cloud.on(P + "/events").stream().map(CloudConsumer.Received::text)
                .filter(t -> t.contains("\"type\":\"" + type + "\"") && t.contains("\"source\":\"" + source + "\""))
                .toList();
    }
}
