package io.outpost.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.outpost.gateway.Gateway;
import io.outpost.manage.StatusReport;
import io.outpost.testing.Await;
import io.outpost.testing.GatewayYaml;
import io.outpost.testing.Gateways;
import io.outpost.testing.ModbusTestSlave;
import io.outpost.testing.TcpProxy;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A source that cannot keep its poll interval shows in {@code outpost status}, text and JSON: a
 * Modbus device that takes a second to (not) answer, polled every 100 ms, misses polls; the
 * simulator beside it misses none.
 */
class MissedPollsStatusTest {

    @TempDir
    Path work;

    @Test
    void aSourceThatCannotKeepItsPollIntervalReportsItsMissedPolls() throws Exception {
        try (ModbusTestSlave slave = new ModbusTestSlave(1, 10).start();
                TcpProxy slow = new TcpProxy(slave.port())) {
            slow.mode(TcpProxy.Mode.SILENT);
            var config = GatewayYaml.of("missed-gw", work.resolve("data"))
                    .sources(GatewayYaml.SIM_COUNTER, GatewayYaml.modbusPlc(slow.port(), "100ms", "1s"))
                    .parse(work.resolve("outpost.yaml"));
            try (Gateway gateway = Gateways.start(config)) {
                Await.until("polls missed while the first read hangs", Duration.ofSeconds(30),
                        () -> gateway.stats().sources().get("plc").missedPolls() >= 3, () -> gateway.stats().sources());
                StatusReport report = new StatusReport("missed-gw", "test", "b00t", gateway.stats());

                JsonNode json = new ObjectMapper().readTree(report.toJson());
                long missed = json.get("sources").get("plc").get("missed_polls").asLong();
                assertTrue(missed >= 3, json.toString());
                assertEquals(0, json.get("sources").get("sim").get("missed_polls").asLong(), json.toString());

                String table = StatusTable.render(report.fields());
                assertTrue(table.lines().anyMatch(l -> l.matches("\\s+missed polls: \\d+ \\(.*poll interval\\)")), table);
                assertEquals(1, table.lines().filter(l -> l.contains("missed polls")).count(),
                        "only the source that misses polls says so:\n" + table);
            }
        }
    }
}
