package io.outpost.config;

import static io.outpost.config.ConfigSchema.*;

import io.outpost.value.TagId;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Turns the values read from a whole document into an {@link OutpostConfig}: the rules of every
 * section as its schema states them, the lists by their binders, then the record only when no
 * problem at all was found.
 */
final class ConfigBinder {

    private final ReadContext ctx;
    private final FileSchema schema;

    ConfigBinder(ReadContext ctx, FileSchema schema) {
        this.ctx = ctx;
        this.schema = schema;
    }

    Optional<OutpostConfig> bind(SectionValues root) {
        schema.root().enforce(root, ctx);
        Optional<GatewayConfig> gateway = GATEWAY_SECTION.bind(root, ConfigSchema::gateway);
        TagIndex tags = new TagIndex();
        List<SourceConfig> sources = schema.catalog().bind(root.find(schema.sources()).orElse(List.of()), ctx, tags);
        ProcessBinder process = new ProcessBinder(ctx, tags);
        List<ModelConfig> models = process.models(root.find(MODELS.key()).orElse(List.of()));
        List<AlarmConfig> alarms = process.alarms(root.find(ALARMS.key()).orElse(List.of()));
        Optional<StoreConfig> store = STORE_SECTION.bind(root, ConfigSchema::store);
        Optional<UplinkConfig> uplink = gateway.flatMap(g -> UPLINK_SECTION.bind(root, v -> UplinkKeys.uplink(v, g.id())));
        METRICS_SECTION.values(root).ifPresent(values -> checkTagLabels(values, tags));
        Optional<MetricsConfig> metrics = METRICS_SECTION.bind(root, ConfigSchema::metrics);
        Optional<OtaConfig> ota = OTA_SECTION.bind(root, ConfigSchema::ota);
        if (ctx.problemCount() > 0) {
            return Optional.empty();
        }
        return Optional.of(new OutpostConfig(ctx.file(), required(gateway), sources, models, alarms, required(store),
                required(uplink), metrics, ota));
    }

    /** Each pattern of {@code metrics.tag_labels} matches a tag, and all of them at most {@link MetricsConfig#MAX_TAG_LABELS}. */
    private void checkTagLabels(SectionValues metrics, TagIndex tags) {
        List<TagPattern> patterns = metrics.find(TAG_LABELS).orElse(List.of());
        if (patterns.isEmpty() || !(metrics.node(TAG_LABELS) instanceof SequenceNode sequence)) {
            return;
        }
        Set<TagId> matched = new HashSet<>();
        for (int i = 0; i < patterns.size(); i++) {
            TagPattern pattern = patterns.get(i);
            List<TagId> these = tags.all().stream().filter(pattern::matches).toList();
            if (these.isEmpty()) {
                ctx.problem(sequence.getValue().get(i), metrics.path(TAG_LABELS) + "[" + i + "]",
                        "`" + pattern + "` matches no tag of a source or output of a model");
            }
            matched.addAll(these);
        }
        if (matched.size() > MetricsConfig.MAX_TAG_LABELS) {
            ctx.problem(metrics.node(TAG_LABELS), metrics.path(TAG_LABELS), "the patterns match " + matched.size()
                    + " tags; at most " + MetricsConfig.MAX_TAG_LABELS + " get a series of their own (each is a series on"
                    + " every scrape): narrow them");
        }
    }

    /** A part that must have been bound when no problem was reported; anything else is a bug here. */
    private static <T> T required(Optional<T> part) {
        return part.orElseThrow(() -> new IllegalStateException("a config part was not bound, yet no problem was reported"));
    }
}
