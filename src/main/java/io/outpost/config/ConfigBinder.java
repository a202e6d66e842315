package io.outpost.config;

import static io.outpost.config.ConfigSchema.*;

import java.util.List;
import java.util.Optional;

/**
 * Turns the values read from a whole document into an {@link OutpostConfig}: each part by its
 * binder, then the record only when no problem at all was found.
 */
final class ConfigBinder {

    private final ReadContext ctx;
    private final SourceCatalog catalog;
    private final Key<List<SectionValues>> sourcesKey;

    ConfigBinder(ReadContext ctx, SourceCatalog catalog, Key<List<SectionValues>> sourcesKey) {
        this.ctx = ctx;
        this.catalog = catalog;
        this.sourcesKey = sourcesKey;
    }

    Optional<OutpostConfig> bind(SectionValues root) {
        Optional<GatewayConfig> gateway = root.find(GATEWAY_SECTION)
                .flatMap(v -> v.build(g -> new GatewayConfig(g.get(ID), g.get(DATA_DIR), g.get(ADMIN_SOCKET))));
        TagIndex tags = new TagIndex();
        List<SourceConfig> sources = catalog.bind(root.find(sourcesKey).orElse(List.of()), ctx, tags);
        ProcessBinder process = new ProcessBinder(ctx, tags);
        List<ModelConfig> models = process.models(root.find(MODELS).orElse(List.of()));
        List<AlarmConfig> alarms = process.alarms(root.find(ALARMS).orElse(List.of()));
        Optional<StoreConfig> store = root.sectionOrDefaults(STORE_SECTION)
                .flatMap(v -> v.build(s -> new StoreConfig(s.get(MAX_SIZE), s.get(ON_FULL))));
        Optional<UplinkConfig> uplink = root.find(UPLINK_SECTION)
                .flatMap(v -> new UplinkBinder(ctx).bind(v, gateway.map(GatewayConfig::id)));
        Optional<MetricsConfig> metrics = root.find(METRICS_SECTION).flatMap(v -> v.build(m -> m.get(LISTEN)));
        Optional<OtaConfig> ota = root.find(OTA_SECTION).flatMap(v -> v.build(o -> new OtaConfig(o.get(PUBLIC_KEY_FILE))));
        if (ctx.problemCount() > 0) {
            return Optional.empty();
        }
        return Optional.of(new OutpostConfig(ctx.file(), required(gateway), sources, models, alarms, required(store),
                required(uplink), metrics, ota));
    }

    /** A part that must have been bound when no problem was reported; anything else is a bug here. */
    private static <T> T required(Optional<T> part) {
        return part.orElseThrow(() -> new IllegalStateException("a config part was not bound, yet no problem was reported"));
    }
}
