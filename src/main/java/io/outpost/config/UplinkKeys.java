package io.outpost.config;

import static io.outpost.config.Checks.positive;
import static io.outpost.config.Checks.range;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The declaration of {@code uplink:}, the cloud broker. */
final class UplinkKeys {

    /** The URL schemes Paho speaks, with the port each usually has (for the examples in messages). */
    static final Map<String, Integer> SCHEMES = Map.of("tcp", 1883, "ssl", 8883, "ws", 80, "wss", 443);

    /** What other tools call the schemes Paho names otherwise. */
    private static final Map<String, String> SCHEME_ALIASES = Map.of(
            "mqtt", "tcp", "mqtts", "ssl", "tls", "ssl", "http", "ws", "https", "wss");

    static final Key<Path> CA_FILE = Key.optional("ca_file", ValueTypes.FILE,
            "PEM certificate(s) of the authority the broker's certificate is checked against")
            .defaultNote("the JVM's trust store");
    static final Key<Path> CERT_FILE = Key.optional("cert_file", ValueTypes.FILE,
            "PEM client certificate, for mutual TLS (needs `key_file`)");
    static final Key<Path> KEY_FILE = Key.optional("key_file", ValueTypes.SECRET_FILE,
            "PEM private key of `cert_file` (needs `cert_file`)");

    static final Schema<TlsConfig> TLS = Schema.<TlsConfig>at("uplink.tls", "TLS settings of an `ssl://` or `wss://` uplink.")
            .fields(Field.optional(CA_FILE, TlsConfig::caFile), Field.optional(CERT_FILE, TlsConfig::certFile),
                    Field.optional(KEY_FILE, TlsConfig::keyFile))
            .rule(Rule.of("`cert_file` and `key_file` go together.", UplinkKeys::certWithKey))
            .build();

    static final Key<Integer> MAX_SAMPLES = Key.withDefault("max_samples", ValueTypes.WHOLE_NUMBER, 500,
            "a record is sent once it holds this many samples").check(range(1, 10000));
    static final Key<Duration> MAX_DELAY = Key.withDefault("max_delay", ValueTypes.DURATION, Duration.ofMillis(200),
            "... or this long after its first sample").check(positive());

    static final Schema<BatchConfig> BATCH = Schema.<BatchConfig>at("uplink.batch", "How samples are grouped into telemetry records.")
            .fields(Field.of(MAX_SAMPLES, BatchConfig::maxSamples), Field.of(MAX_DELAY, BatchConfig::maxDelay))
            .build();

    static final Key<Duration> INITIAL = Key.withDefault("initial", ValueTypes.DURATION, Duration.ofSeconds(1),
            "largest wait before the first reconnect attempt (and before a refused record's first retry)").check(positive());
    static final Key<Duration> MAX = Key.withDefault("max", ValueTypes.DURATION, Duration.ofMinutes(2),
            "largest wait between attempts").check(positive());
    static final Key<Double> MULTIPLIER = Key.withDefault("multiplier", ValueTypes.NUMBER, 2.0,
            "growth of the largest wait: reconnects, by (multiplier - 1) × the time since the first failed attempt; a refused record's retries, × multiplier per retry").check(Checks.between(1.0, 10.0));

    static final Schema<BackoffConfig> BACKOFF = Schema.<BackoffConfig>at("uplink.backoff",
                    "Reconnect delays: delay = random(0, min(max, initial + (multiplier - 1) × time since the first failed attempt)), the time counted until a connection stays up 30 s; a refused record's retries: random(0, min(max, initial × multiplier^retry)).")
            .fields(Field.of(INITIAL, BackoffConfig::initial), Field.of(MAX, BackoffConfig::max),
                    Field.of(MULTIPLIER, BackoffConfig::multiplier))
            .rule(Rule.of("`max` is at least `initial`.", UplinkKeys::maxAtLeastInitial))
            .build();

    static final Key<URI> URL = Key.required("url", ValueTypes.scalar("`tcp://`, `ssl://`, `ws://` or `wss://` URL",
            UplinkKeys::brokerUrl, URI::toString), "the broker, with its port, e.g. `ssl://broker.example.com:8883`");
    static final Key<String> CLIENT_ID = Key.optional("client_id", ValueTypes.TEXT, "MQTT client id")
            .defaultNote("`gateway.id`");
    static final Key<String> USERNAME = Key.optional("username", ValueTypes.TEXT, "user name for the broker");
    static final Key<Path> PASSWORD_FILE = Key.optional("password_file", ValueTypes.SECRET_FILE,
            "file holding the broker password");
    static final SectionField<UplinkConfig, TlsConfig> TLS_SECTION = SectionField.optional("tls", TLS,
            "TLS files; only with `ssl://` and `wss://`", "the JVM's trust store, no client certificate", UplinkConfig::tls);
    static final Key<String> TOPIC_PREFIX = Key.optional("topic_prefix", ValueTypes.scalar("MQTT topic",
            UplinkKeys::topicPrefix, t -> t), "every topic starts with this").defaultNote("`outpost/<gateway.id>`");
    static final SectionField<UplinkConfig, BatchConfig> BATCH_SECTION = SectionField.withDefaults("batch", BATCH,
            "record batching", "see below", UplinkConfig::batch);
    static final Key<Integer> INFLIGHT = Key.withDefault("inflight", ValueTypes.WHOLE_NUMBER, 32,
            "QoS 1 publishes awaiting acknowledgement at once").check(range(1, 65535));
    static final SectionField<UplinkConfig, BackoffConfig> BACKOFF_SECTION = SectionField.withDefaults("backoff", BACKOFF,
            "reconnect delays", "see below", UplinkConfig::backoff);
    static final Key<UplinkConfig.Encoding> ENCODING = Key.withDefault("encoding",
            ValueTypes.oneOf(UplinkConfig.Encoding.class), UplinkConfig.Encoding.JSON,
            "telemetry records as JSON, or `compact`: columnar CBOR, deflated (docs/protocol.md)");

    /** MQTT 5 carries the Session Expiry Interval in 32 bits of seconds. */
    private static final Duration MAX_SESSION_EXPIRY = Duration.ofSeconds(0xFFFF_FFFEL);
    static final Key<Duration> SESSION_EXPIRY = Key.withDefault("session_expiry", ValueTypes.DURATION,
            UplinkConfig.DEFAULT_SESSION_EXPIRY, "how long the broker keeps the gateway's MQTT session while it is"
                    + " offline: the command subscription and the commands sent meanwhile, delivered after the reconnect"
                    + " unless their Message Expiry Interval passed; `0s`: no session, commands sent while offline are lost")
            .check(Checks.atMost(MAX_SESSION_EXPIRY));

    static final Key<Duration> DESIRED_DEADLINE = Key.withDefault("desired_deadline", ValueTypes.DURATION,
            UplinkConfig.DEFAULT_DESIRED_DEADLINE, "how long a config pushed on `P/twin/desired` has to get the gateway"
                    + " healthy (the uplink connected, every source it added or changed up and read) before the previous config is restored")
            .check(Checks.positive());

    static final Schema<UplinkConfig> UPLINK = Schema.<UplinkConfig>at("uplink", "The cloud MQTT 5 broker everything is sent to.")
            .fields(Field.of(URL, UplinkConfig::url), Field.of(CLIENT_ID, UplinkConfig::clientId),
                    Field.optional(USERNAME, UplinkConfig::username), Field.optional(PASSWORD_FILE, UplinkConfig::passwordFile),
                    TLS_SECTION, Field.of(TOPIC_PREFIX, UplinkConfig::topicPrefix), BATCH_SECTION,
                    Field.of(INFLIGHT, UplinkConfig::inflight), BACKOFF_SECTION, Field.of(ENCODING, UplinkConfig::encoding),
                    Field.of(SESSION_EXPIRY, UplinkConfig::sessionExpiry),
                    Field.of(DESIRED_DEADLINE, UplinkConfig::desiredDeadline))
            .rule(Rule.of("`tls` only with `ssl://` and `wss://` URLs.", UplinkKeys::tlsOnlyWithTlsUrl))
            .build();

    private UplinkKeys() {
    }

    /** The uplink read without problems, with the defaults that come from the gateway's id. */
    static UplinkConfig uplink(SectionValues v, String gatewayId) {
        return new UplinkConfig(v.get(URL),
                v.find(CLIENT_ID).orElse(gatewayId),
                v.find(USERNAME),
                v.find(PASSWORD_FILE),
                TLS_SECTION.bind(v, t -> new TlsConfig(t.find(CA_FILE), t.find(CERT_FILE), t.find(KEY_FILE))),
                v.find(TOPIC_PREFIX).orElse("outpost/" + gatewayId),
                BATCH_SECTION.bind(v, b -> new BatchConfig(b.get(MAX_SAMPLES), b.get(MAX_DELAY))).orElseThrow(),
                v.get(INFLIGHT),
                BACKOFF_SECTION.bind(v, b -> new BackoffConfig(b.get(INITIAL), b.get(MAX), b.get(MULTIPLIER))).orElseThrow(),
                v.get(ENCODING),
                v.get(SESSION_EXPIRY),
                v.get(DESIRED_DEADLINE));
    }

    private static void tlsOnlyWithTlsUrl(SectionValues uplink, ReadContext ctx) {
        URI url = uplink.get(URL);
        Key<SectionValues> tls = TLS_SECTION.key();
        if (url != null && uplink.has(tls) && !usesTls(url)) {
            ctx.problem(uplink.keyNode(tls), uplink.path(tls),
                    "applies only to ssl:// and wss:// URLs, and `url` is " + url.getScheme() + "://");
        }
    }

    private static void certWithKey(SectionValues tls, ReadContext ctx) {
        if (tls.has(CERT_FILE) != tls.has(KEY_FILE)) {
            Key<?> present = tls.has(CERT_FILE) ? CERT_FILE : KEY_FILE;
            Key<?> missing = present == CERT_FILE ? KEY_FILE : CERT_FILE;
            ctx.problem(tls.keyNode(present), tls.path(present), "needs `" + missing.name()
                    + "` too: a client certificate goes with its key");
        }
    }

    private static void maxAtLeastInitial(SectionValues backoff, ReadContext ctx) {
        Duration initial = backoff.get(INITIAL);
        Duration max = backoff.get(MAX);
        if (initial != null && max != null && max.compareTo(initial) < 0) {
            ctx.problem(backoff.node(MAX), backoff.path(MAX), "must be at least `initial` (" + Durations.format(initial) + ")");
        }
    }

    static URI brokerUrl(String text) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(Durations.quote(text) + " is not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme();
        if (scheme == null || !SCHEMES.containsKey(scheme)) {
            throw new IllegalArgumentException(Durations.quote(text)
                    + " must start with tcp://, ssl://, ws:// or wss:// (ssl and wss for TLS)"
                    + (scheme == null ? "" : schemeHint(scheme)));
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("must not hold credentials: use `username` and `password_file`");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException(Durations.quote(text) + " has no host");
        }
        if (uri.getPort() < 0) {
            throw new IllegalArgumentException(Durations.quote(text) + " has no port: write e.g. "
                    + scheme + "://" + uri.getHost() + ":" + SCHEMES.get(scheme));
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException(Durations.quote(text) + " must not have a query or fragment");
        }
        boolean hasPath = uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/");
        if (hasPath && (scheme.equals("tcp") || scheme.equals("ssl"))) {
            throw new IllegalArgumentException(Durations.quote(text) + ": tcp:// and ssl:// URLs have no path");
        }
        return uri;
    }

    private static String schemeHint(String scheme) {
        String alias = SCHEME_ALIASES.get(scheme.toLowerCase(java.util.Locale.ROOT));
        return alias != null
                ? "; did you mean `" + alias + "`?"
                : Suggestions.didYouMean(scheme, List.of("tcp", "ssl", "ws", "wss"));
    }

    static boolean usesTls(URI url) {
        return url.getScheme().equals("ssl") || url.getScheme().equals("wss");
    }

    static String topicPrefix(String text) {
        String complaint = null;
        if (text.isEmpty()) {
            complaint = "must not be empty";
        } else if (text.contains("+") || text.contains("#")) {
            complaint = "must not contain the MQTT wildcards + and #";
        } else if (text.startsWith("$")) {
            complaint = "must not start with $ (reserved by brokers)";
        } else if (text.startsWith("/") || text.endsWith("/")) {
            complaint = "must not start or end with /";
        } else if (text.contains("//")) {
            complaint = "must not have an empty level (//)";
        } else if (text.indexOf('\0') >= 0) {
            complaint = "must not contain a NUL character";
        }
        if (complaint != null) {
            throw new IllegalArgumentException(Durations.quote(text) + " " + complaint);
        }
        return text;
    }
}
