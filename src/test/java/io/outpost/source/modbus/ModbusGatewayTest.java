package io.outpost.source.modbus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.outpost.source.modbus.ModbusTagConfig.DataType;
import io.outpost.source.modbus.ModbusTagConfig.Order;
import io.outpost.config.OutpostConfig;
import io.outpost.gateway.Gateway;
import io.outpost.value.Value;
import io.outpost.demo.EmbeddedBroker;
import io.outpost.testing.Await;
import io.outpost.testing.CloudConsumer;
import io.outpost.testing.GatewayYaml;
import io.outpost.testing.Gateways;
import io.outpost.testing.JsonRecords;
import io.outpost.testing.ModbusTestSlave;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Every type in every order, from a j2mod slave through the source, the exception filter, the
 * store and the uplink to a consumer on the broker.
 */
class ModbusGatewayTest {

    private static final String PREFIX = "outpost/modbus-gw";

    @TempDir
    Path work;

    @Test
    void everyTypeAndOrderArrivesAtTheConsumerAsItsValue() throws Exception {
        List<Case> cases = new ArrayList<>();
        int address = 0;
        for (Arguments a : RegisterCodecTest.everyTypeAndOrder().toList()) {
            Object[] args = a.get();
            cases.add(new Case("t" + cases.size(), address, (DataType) args[0], (Order) args[1], (int[]) args[2], (Value) args[3]));
            address += ((int[]) args[2]).length;
        }
        try (ModbusTestSlave slave = new ModbusTestSlave(1, address);
             EmbeddedBroker broker = new EmbeddedBroker(work.resolve("broker"), 0)) {
            for (Case c : cases) {
                slave.holding(c.address, c.registers);
            }
            slave.start();
            broker.start();
            OutpostConfig config = config(broker.url(), slave.port(), cases);
            try (CloudConsumer cloud = new CloudConsumer(broker.url(), PREFIX);
                 Gateway gateway = Gateways.start(config)) {
                Await.until("a good sample of every tag at the consumer", Duration.ofSeconds(60),
                        () -> latest(cloud).size() == cases.size(), () -> latest(cloud).size() + " of " + cases.size());
                Map<String, JsonNode> received = latest(cloud);
                List<String> wrong = new ArrayList<>();
                for (Case c : cases) {
                    JsonNode v = received.get("plc/" + c.name).get("v");
                    if (!matches(c.expected, v)) {
                        wrong.add(c + " arrived as " + v);
                    }
                }
                assertEquals(List.of(), wrong);
            }
        }
    }

    /** A failed read has no value: a consumer's column of numbers gets null, never a string, while the tag is bad. */
    @Test
    void aFailedReadOfANumericTagArrivesAsABadSampleWithANullValue() throws Exception {
        List<Case> cases = List.of(
                new Case("present", 0, DataType.FLOAT32, Order.ABCD, new int[] {0x3FC0, 0x0000}, Value.of(1.5)),
                new Case("missing", 10, DataType.FLOAT32, Order.ABCD, new int[] {0, 0}, Value.of(0.0)));
        try (ModbusTestSlave slave = new ModbusTestSlave(1, 2);
             EmbeddedBroker broker = new EmbeddedBroker(work.resolve("broker"), 0)) {
            slave.holding(0, cases.get(0).registers);
            slave.start();
            broker.start();
            try (CloudConsumer cloud = new CloudConsumer(broker.url(), PREFIX);
                 Gateway gateway = Gateways.start(config(broker.url(), slave.port(), cases))) {
                Await.until("a bad sample of the missing register at the consumer", Duration.ofSeconds(60),
                        () -> samplesOf(cloud, "plc/missing").stream().anyMatch(s -> s.get("q").asText().equals("bad")),
                        () -> JsonRecords.samples(cloud.on(PREFIX + "/telemetry")));
                for (JsonNode bad : samplesOf(cloud, "plc/missing")) {
                    assertEquals("bad", bad.get("q").asText(), bad.toString());
                    assertTrue(bad.has("v") && bad.get("v").isNull(), "a bad sample carries \"v\":null: " + bad);
                }
                Await.until("the good tag still arrives", () -> latest(cloud).containsKey("plc/present"), () -> latest(cloud));
                assertEquals(1.5, latest(cloud).get("plc/present").get("v").asDouble());
            }
        }
    }

    private static List<JsonNode> samplesOf(CloudConsumer cloud, String tag) {
        return JsonRecords.samples(cloud.on(PREFIX + "/telemetry")).stream()
                .filter(s -> s.get("t").asText().equals(tag)).toList();
    }

    /** JSON carries NaN and infinities as strings and, numbers being numbers, loses the sign of zero. */
    private static boolean matches(Value expected, JsonNode v) {
        if (expected instanceof Value.Int i) {
            return v.isIntegralNumber() && v.asLong() == i.value();
        }
        double d = expected.asDouble();
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return v.isTextual() && v.asText().equals(Double.isNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity");
        }
        return v.isNumber() && v.asDouble() == d;
    }

    private Map<String, JsonNode> latest(CloudConsumer cloud) {
        Map<String, JsonNode> latest = new HashMap<>();
        for (JsonNode sample : JsonRecords.samples(cloud.on(PREFIX + "/telemetry"))) {
            if (sample.get("q").asText().equals("good")) {
                latest.put(sample.get("t").asText(), sample);
            }
        }
        return latest;
    }

    private OutpostConfig config(String brokerUrl, int slavePort, List<Case> cases) {
        StringBuilder tags = new StringBuilder();
        for (Case c : cases) {
            tags.append("    - { name: ").append(c.name).append(", address: ").append(c.address)
                    .append(", type: ").append(c.type.name().toLowerCase(Locale.ROOT))
                    .append(", order: ").append(c.order).append(" }\n");
        }
        assertTrue(!cases.isEmpty());
        return GatewayYaml.of("modbus-gw", work.resolve("data"))
                .sources("""
                        - name: plc
                          type: modbus-tcp
                          host: 127.0.0.1
                          port: %d
                          poll_interval: 200ms
                          timeout: 1s
                          tags:
                        %s""".formatted(slavePort, tags))
                .uplink(brokerUrl).batch(500, "100ms").backoff("100ms", "500ms")
                .parse(work.resolve("outpost.yaml"));
    }

    private record Case(String name, int address, DataType type, Order order, int[] registers, Value expected) {
        @Override
        public String toString() {
            return name + " " + type + " " + order + " @" + address + " expected " + expected;
        }
    }
}
