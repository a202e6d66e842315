package io.outpost.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.json.JsonReader;
import io.outpost.source.SourceHealth;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The reported twin's document: its fields, and its bound when a gateway has more than fits. */
class TwinReportTest {

    @Test
    void aTwinTooLargeForItsBoundIsSentWithoutItsListsButWithTheirCounts() throws Exception {
        Map<String, SourceHealth> sources = new LinkedHashMap<>();
        for (int i = 0; i < 2_000; i++) {
            sources.put("source-" + i, new SourceHealth(false, 0, 3, 0, Optional.of("x".repeat(1_000)), List.of()));
        }
        byte[] document = report(sources).document();
        assertTrue(document.length <= TwinReport.MAX_BYTES, document.length + " bytes");
        @SuppressWarnings("unchecked")
        Map<String, Object> twin = (Map<String, Object>) JsonReader.parse(new String(document, StandardCharsets.UTF_8));
        assertEquals(true, twin.get("truncated"));
        assertEquals(2_000L, ((Number) twin.get("source_count")).longValue());
        assertEquals(2_000L, ((Number) twin.get("sources_down")).longValue());
        assertEquals(null, twin.get("sources"));
    }

    @Test
    void aSourceDownCarriesItsErrorCutToOneLineAndASourceNotTriedYetIsStarting() throws Exception {
        Map<String, SourceHealth> sources = new LinkedHashMap<>();
        sources.put("plc", new SourceHealth(false, 5, 2, 0, Optional.of("timeout\nafter 300ms"), List.of()));
        sources.put("sim", new SourceHealth(false, 0, 0, 0, Optional.empty(), List.of()));
        String twin = new String(report(sources).document(), StandardCharsets.UTF_8);
        assertTrue(twin.contains("\"sources\":[{\"name\":\"plc\",\"state\":\"down\",\"error\":\"timeout after 300ms\"}"), twin);
        assertTrue(twin.contains("{\"name\":\"sim\",\"state\":\"starting\",\"error\":null}"), twin);
        assertTrue(twin.contains("\"previous_version\":\"0.9.0\""), twin);
    }

    private static TwinReport report(Map<String, SourceHealth> sources) {
        return new TwinReport("outpost/gw", new TwinReport.Inputs("gw", "1.0.0", () -> Optional.of("0.9.0"),
                () -> new ConfigDigest("sha256:00"), () -> sources, List::of, List::of, Optional::empty), () -> {
                    throw new AssertionError("not published here");
                });
    }
}
