package io.outpost.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The whole validated config file, immutable. Defaults are already applied. */
public record OutpostConfig(
        Path file,
        GatewayConfig gateway,
        List<SourceConfig> sources,
        List<ModelConfig> models,
        List<AlarmConfig> alarms,
        StoreConfig store,
        UplinkConfig uplink,
        Optional<MetricsConfig> metrics,
        Optional<OtaConfig> ota) {

    public OutpostConfig {
        sources = List.copyOf(sources);
        models = List.copyOf(models);
        alarms = List.copyOf(alarms);
    }
}
