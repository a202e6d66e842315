package io.outpost.manage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.outpost.json.JsonReader;
import io.outpost.value.Lane;
import io.outpost.source.SourceHealth;
import io.outpost.store.LaneStats;
import io.outpost.uplink.LinkState;
import io.outpost.uplink.UplinkStats;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class StatusReportTest {

    private static GatewayStats stats(LinkState link, Optional<String> uplinkError) {
        Map<Lane, LaneStats> lanes = new EnumMap<>(Lane.class);
        lanes.put(Lane.ALARMS, new LaneStats(Lane.ALARMS, 0, 0, 0, 0, 0));
        lanes.put(Lane.EVENTS, new LaneStats(Lane.EVENTS, 2, 310, 4, 5, 0));
        lanes.put(Lane.TELEMETRY, new LaneStats(Lane.TELEMETRY, 1042, 1_250_000, 9, 1050, 250));
        Map<String, SourceHealth> sources = new LinkedHashMap<>();
        sources.put("sim", new SourceHealth(true, 120, 0, Optional.empty()));
        sources.put("line", new SourceHealth(false, 7, 3, 5, Optional.of("cannot connect to opc.tcp://plc:4840: \"refused\""),
                List.of("own certificate expires 2026-12-01 (9 days); renew it: delete x")));
        UplinkStats uplink = new UplinkStats(link, 3, 1, 2, 40, 38, 0, 2, 32, 0, Duration.ZERO, uplinkError,
                link == LinkState.UP ? Optional.of(1_763_769_600_000L) : Optional.empty(),
                link == LinkState.DOWN ? Optional.of(Duration.ofMillis(4200)) : Optional.empty());
        return new GatewayStats(7_392_000, 500, 300, 4, 290, 10, lanes, sources, link, uplink, List.of(), List.of(),
                Map.of(Lane.TELEMETRY, 65_000L), 4_194_304, "/etc/outpost/outpost.yaml", "sha256:ab12", "mqtts://broker:8883",
                Map.of("sim", new ReadingRate(OptionalDouble.of(10), OptionalDouble.of(9.8))));
    }

    @Test
    void theReplyCarriesIdentityLinkSourcesWithWarningsLanesAndSampleCountsInOrder() {
        StatusReport report = new StatusReport("press-line-7", "0.1.0", "5f0c9a1b22d4e6f7",
                stats(LinkState.DOWN, Optional.of("connection refused")));
        assertEquals("{\"ok\":true,\"gw\":\"press-line-7\",\"version\":\"0.1.0\",\"boot\":\"5f0c9a1b22d4e6f7\","
                + "\"uptime_ms\":7392000,\"config\":{\"file\":\"/etc/outpost/outpost.yaml\",\"digest\":\"sha256:ab12\"},"
                + "\"link\":{\"state\":\"down\",\"last_error\":\"connection refused\",\"connects\":3,\"failed_connects\":1,"
                + "\"disconnects\":2,\"broker\":\"mqtts://broker:8883\",\"connected_since\":null,\"reconnects\":2,"
                + "\"next_retry_in_ms\":4200},"
                + "\"sources\":{\"sim\":{\"up\":true,\"reads\":120,\"failures\":0,\"missed_polls\":0,\"readings_per_s\":9.8,"
                + "\"readings_per_s_asked\":10,\"last_error\":null,\"warnings\":[]},"
                + "\"line\":{\"up\":false,\"reads\":7,\"failures\":3,\"missed_polls\":5,\"readings_per_s\":null,"
                + "\"readings_per_s_asked\":null,"
                + "\"last_error\":\"cannot connect to opc.tcp://plc:4840: \\\"refused\\\"\","
                + "\"warnings\":[\"own certificate expires 2026-12-01 (9 days); renew it: delete x\"]}},"
                + "\"lanes\":{\"alarms\":{\"depth\":0,\"bytes\":0,\"first_seq\":0,\"last_seq\":0,\"dropped\":0,\"oldest_age_ms\":null},"
                + "\"events\":{\"depth\":2,\"bytes\":310,\"first_seq\":4,\"last_seq\":5,\"dropped\":0,\"oldest_age_ms\":null},"
                + "\"telemetry\":{\"depth\":1042,\"bytes\":1250000,\"first_seq\":9,\"last_seq\":1050,\"dropped\":250,\"oldest_age_ms\":65000}},"
                + "\"samples\":{\"read\":500,\"passed\":300,\"restamped\":4,\"stored\":290,\"refused\":10},\"models\":[],\"alarms_active\":[]}", report.toJson());
    }

    @Test
    void theReplyParsesBackAndAnUpLinkHasANullLastError() throws Exception {
        StatusReport report = new StatusReport("gw", "0.1.0", "b00t", stats(LinkState.UP, Optional.empty()));
        @SuppressWarnings("unchecked")
        Map<String, Object> parsed = (Map<String, Object>) JsonReader.parse(report.toJson());
        Map<?, ?> link = (Map<?, ?>) parsed.get("link");
        assertEquals("up", link.get("state"));
        assertEquals(null, link.get("last_error"));
        assertEquals(List.of("sim", "line"), List.copyOf(((Map<?, ?>) parsed.get("sources")).keySet()));
        assertEquals(List.of("alarms", "events", "telemetry"), List.copyOf(((Map<?, ?>) parsed.get("lanes")).keySet()));
    }

    @Test
    void theLocalSocketAnswersTheSameReplyAndRefusesJunkWithAReason() {
        StatusReport report = new StatusReport("gw", "0.1.0", "b00t", stats(LinkState.UP, Optional.empty()));
        LocalCommands local = new LocalCommands(Map.of("status", new StatusReply(() -> report),
                "ping", new PingCommand("gw", "b00t", () -> 42L)));
        assertEquals(report.toJson(), local.answer("status"));
        assertEquals(report.toJson(), local.answer("  status {}\r"));
        assertEquals("{\"ok\":true,\"gw\":\"gw\",\"boot\":\"b00t\",\"ts\":42}", local.answer("ping"));
        assertEquals("{\"ok\":false,\"error\":\"unknown command '\\u0001\\u0002junk'; the commands are ping, status\"}",
                local.answer("\u0001\u0002junk"));
        assertEquals("{\"ok\":false,\"error\":\"unknown field \\\"verbose\\\"; status takes no fields; send {} or an empty"
                + " payload\"}", local.answer("status {\"verbose\":true}"));
        assertEquals("{\"ok\":false,\"error\":\"unknown field \\\"x\\\"; ping takes no fields; send {} or an empty"
                + " payload\"}", local.answer("ping {\"x\":1}"));
        assertEquals("{\"ok\":false,\"error\":\"payload is not valid JSON: unexpected character 'x' at character 1\"}",
                local.answer("status xyz"));
    }
}
