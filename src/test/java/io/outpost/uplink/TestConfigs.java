package io.outpost.uplink;

import io.outpost.config.BackoffConfig;
import io.outpost.config.BatchConfig;
import io.outpost.config.TlsConfig;
import io.outpost.config.UplinkConfig;
import io.outpost.store.RecordStore;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Random;

/** Uplink configs for tests: one gateway name per test (client id, topic prefix), fast backoff, short timeouts. */
final class TestConfigs {

    static final BackoffConfig FAST_BACKOFF = new BackoffConfig(Duration.ofMillis(50), Duration.ofMillis(500), 2.0);
    static final LinkTimings FAST_TIMINGS =
            new LinkTimings(Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofSeconds(2));

    private TestConfigs() {
    }

    static String prefix(String gateway) {
        return "outpost/" + gateway;
    }

    static UplinkIdentity identity(String gateway) {
        return new UplinkIdentity(gateway, "boot-" + gateway, "0.1.0-test");
    }

    static UplinkConfig plain(String gateway, String url, int inflight) {
        return config(gateway, url, inflight, Optional.empty(), Optional.empty(), Optional.empty());
    }

    static UplinkConfig tls(String gateway, String url, TlsConfig tls) {
        return config(gateway, url, 8, Optional.of(tls), Optional.empty(), Optional.empty());
    }

    /** A started plain-TCP uplink with the fast test timings, {@code inflight} records in its window. */
    static MqttUplink startPlain(String gateway, String url, int inflight, RecordStore store) {
        return startUplink(plain(gateway, url, inflight), store, FAST_TIMINGS);
    }

    /** A started uplink that the store wakes on every append. */
    static MqttUplink startUplink(UplinkConfig config, RecordStore store, LinkTimings timings) {
        MqttUplink uplink = new MqttUplink(config, identity(config.clientId()), store, UplinkListener.NONE, new Random(7),
                timings, Clock.systemUTC());
        store.onAppended(uplink::wake);
        uplink.start();
        return uplink;
    }

    static UplinkConfig config(String gateway, String url, int inflight, Optional<TlsConfig> tls, Optional<String> username,
            Optional<Path> passwordFile) {
        return new UplinkConfig(URI.create(url), gateway, username, passwordFile, tls, prefix(gateway),
                new BatchConfig(500, Duration.ofMillis(200)), inflight, FAST_BACKOFF);
    }
}
