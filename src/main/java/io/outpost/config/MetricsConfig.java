package io.outpost.config;

import io.outpost.value.TagId;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * {@code metrics:} where the Prometheus endpoint listens (only when {@code listen} is set), how often
 * the health summary goes out on {@code P/events} ({@link Duration#ZERO}: never), and which tags have a
 * series of their own ({@code tag_labels}, none by default: labels stay bounded by sources and lanes).
 */
public record MetricsConfig(Optional<ListenAddress> listen, Duration publishInterval, List<TagPattern> tagLabels) {

    /** At most this many tags match {@code tag_labels}: each is a series on every scrape. */
    public static final int MAX_TAG_LABELS = 100;

    public MetricsConfig {
        tagLabels = List.copyOf(tagLabels);
    }

    public MetricsConfig(Optional<ListenAddress> listen, Duration publishInterval) {
        this(listen, publishInterval, List.of());
    }

    /** The tags of {@code tags} that a pattern of {@code tag_labels} matches, in their order. */
    public List<TagId> labelledTags(Collection<TagId> tags) {
        return tags.stream().filter(tag -> tagLabels.stream().anyMatch(p -> p.matches(tag))).toList();
    }

    /** How often health goes out when the section or the key is absent. */
    public static final Duration DEFAULT_PUBLISH_INTERVAL = Duration.ofSeconds(60);

    /** No endpoint, health at the default interval: what an absent section means. */
    public static final MetricsConfig ABSENT = new MetricsConfig(Optional.empty(), DEFAULT_PUBLISH_INTERVAL);

    /** A host (name or address, IPv6 without brackets) and a TCP port. */
    public record ListenAddress(String host, int port) {
    }
}
