package io.outpost.config;

import static io.outpost.config.UplinkKeys.*;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/** Turns {@code uplink:} into an {@link UplinkConfig}, applying the defaults taken from the gateway id. */
final class UplinkBinder {

    private final ReadContext ctx;

    UplinkBinder(ReadContext ctx) {
        this.ctx = ctx;
    }

    /** @param gatewayId empty when the gateway id is itself wrong (already reported) */
    Optional<UplinkConfig> bind(SectionValues uplink, Optional<String> gatewayId) {
        URI url = uplink.get(URL);
        if (url != null && uplink.has(TLS_SECTION) && !usesTls(url)) {
            ctx.problem(uplink.keyNode(TLS_SECTION), uplink.path(TLS_SECTION),
                    "applies only to ssl:// and wss:// URLs, and `url` is " + url.getScheme() + "://");
        }
        Optional<Optional<TlsConfig>> tls = uplink.has(TLS_SECTION)
                ? uplink.find(TLS_SECTION).flatMap(this::tls).map(Optional::of)
                : Optional.of(Optional.empty());
        Optional<BatchConfig> batch = uplink.sectionOrDefaults(BATCH_SECTION)
                .flatMap(v -> v.build(b -> new BatchConfig(b.get(MAX_SAMPLES), b.get(MAX_DELAY))));
        Optional<BackoffConfig> backoff = uplink.sectionOrDefaults(BACKOFF_SECTION).flatMap(this::backoff);
        if (gatewayId.isEmpty() || tls.isEmpty() || batch.isEmpty() || backoff.isEmpty()) {
            return Optional.empty();
        }
        return uplink.build(v -> new UplinkConfig(url,
                v.find(CLIENT_ID).orElse(gatewayId.get()),
                v.find(USERNAME),
                v.find(PASSWORD_FILE),
                tls.get(),
                v.find(TOPIC_PREFIX).orElse("outpost/" + gatewayId.get()),
                batch.get(),
                v.get(INFLIGHT),
                backoff.get(),
                v.get(ENCODING)));
    }

    private Optional<TlsConfig> tls(SectionValues tls) {
        if (tls.has(CERT_FILE) != tls.has(KEY_FILE)) {
            Key<?> present = tls.has(CERT_FILE) ? CERT_FILE : KEY_FILE;
            Key<?> missing = present == CERT_FILE ? KEY_FILE : CERT_FILE;
            ctx.problem(tls.keyNode(present), tls.path(present), "needs `" + missing.name()
                    + "` too: a client certificate goes with its key");
        }
        return tls.build(v -> new TlsConfig(v.find(CA_FILE), v.find(CERT_FILE), v.find(KEY_FILE)));
    }

    private Optional<BackoffConfig> backoff(SectionValues backoff) {
        Duration initial = backoff.get(INITIAL);
        Duration max = backoff.get(MAX);
        if (initial != null && max != null && max.compareTo(initial) < 0) {
            ctx.problem(backoff.node(MAX), backoff.path(MAX), "must be at least `initial` (" + Durations.format(initial) + ")");
        }
        return backoff.build(v -> new BackoffConfig(initial, max, v.get(MULTIPLIER)));
    }
}
