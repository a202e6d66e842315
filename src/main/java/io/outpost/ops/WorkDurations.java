package io.outpost.ops;

import io.outpost.value.Durations;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * The histograms of work measured where it is done: each source's polls and each model's runs. Made
 * before the sources and models (which are handed {@link #polls()} and {@link #inference()}), then
 * registered with the rest of the {@link GatewayMetrics}. A source that does not poll (an OPC UA
 * subscription, GPIO inputs) has no observations and no series.
 *
 * <p>Observed on the source and {@code models} threads, read by the endpoint's.
 */
public final class WorkDurations {

    private final Histogram poll = Histogram.builder(GatewayMetrics.PROPERTIES).name("outpost_source_poll_duration_seconds")
            .help("Time one poll of the source took (a Modbus poll of every block, an OPC UA Read of mode poll,"
                    + " a simulator tick), failed polls included; sources that do not poll have none")
            .labelNames("source")
            .classicUpperBounds(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)
            .build();
    private final Histogram inference = Histogram.builder(GatewayMetrics.PROPERTIES)
            .name("outpost_model_inference_duration_seconds")
            .help("Time one run of the model took in the runtime, failed runs included (skipped runs never reach it)")
            .labelNames("model")
            .classicUpperBounds(0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5)
            .build();

    public Durations polls() {
        return (source, nanos) -> poll.labelValues(source).observe(nanos / 1e9);
    }

    public Durations inference() {
        return (model, nanos) -> inference.labelValues(model).observe(nanos / 1e9);
    }

    void register(PrometheusRegistry registry) {
        registry.register(poll);
        registry.register(inference);
    }
}
