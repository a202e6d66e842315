package io.outpost.ops;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WorkDurationsTest {

    @Test
    void pollsAndRunsAreHistogramsPerSourceAndPerModelAndASourceThatNeverPolledHasNoSeries() throws IOException {
        WorkDurations durations = new WorkDurations();
        PrometheusRegistry registry = new PrometheusRegistry();
        durations.register(registry);
        durations.polls().took("plc", 3_000_000);
        durations.polls().time("plc", () -> { });
        durations.polls().took("sim", 200_000);
        durations.inference().took("vib", 40_000_000);

        String text = scrape(registry);
        assertTrue(text.contains("outpost_source_poll_duration_seconds_count{source=\"plc\"} 2"), text);
        assertTrue(text.contains("outpost_source_poll_duration_seconds_bucket{source=\"plc\",le=\"0.005\"} 2"), text);
        assertTrue(text.contains("outpost_source_poll_duration_seconds_bucket{source=\"sim\",le=\"5.0E-4\"} 1"), text);
        assertTrue(text.contains("outpost_model_inference_duration_seconds_bucket{model=\"vib\",le=\"0.025\"} 0"), text);
        assertTrue(text.contains("outpost_model_inference_duration_seconds_bucket{model=\"vib\",le=\"0.05\"} 1"), text);
        assertFalse(text.contains("source=\"gpio\""), text);
    }

    private static String scrape(PrometheusRegistry registry) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, registry.scrape());
        return out.toString(StandardCharsets.UTF_8);
    }
}
