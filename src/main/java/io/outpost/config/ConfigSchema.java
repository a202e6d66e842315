package io.outpost.config;

import io.outpost.config.StoreConfig.OnFull;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/** The top of the declaration: the file's sections, {@code gateway}, {@code store}, {@code metrics}, {@code ota}. */
final class ConfigSchema {

    static final Pattern GATEWAY_ID = Pattern.compile("[a-zA-Z0-9_-]+");
    static final Path DEFAULT_DATA_DIR = Path.of("/var/lib/outpost");
    static final String LOOPBACK = "127.0.0.1";
    static final Path DEFAULT_ADMIN_SOCKET = Path.of("/run/outpost/admin.sock");

    static final Key<String> ID = Key.required("id", ValueTypes.TEXT,
            "unique in the fleet; the default MQTT client id and topic prefix")
            .check(Checks.matches(GATEWAY_ID, "an id (only letters, digits, `_` and `-`)"));
    static final Key<Path> DATA_DIR = Key.withDefault("data_dir", ValueTypes.DIRECTORY, DEFAULT_DATA_DIR,
            "where the queue, state, PKI and OTA releases are kept");

    static final Key<Path> ADMIN_SOCKET = Key.withDefault("admin_socket", ValueTypes.SOCKET, DEFAULT_ADMIN_SOCKET,
            "Unix socket the daemon answers `outpost status` on; `outpost` commands given the same config find it here."
            + " Its folder must be writable by the daemon's user: a developer run sets e.g. `admin.sock`")
            .check(Checks.socketPath());

    static final Key<GatewayConfig.LogLevel> LOG_LEVEL = Key.withDefault("log_level",
            ValueTypes.oneOf(GatewayConfig.LogLevel.class), GatewayConfig.LogLevel.INFO,
            "how much the daemon logs: `error`, `warn`, `info` or `debug` (`outpost run --debug` is `debug`)");

    static final Schema<GatewayConfig> GATEWAY = Schema.<GatewayConfig>at("gateway", "This gateway.")
            .fields(Field.of(ID, GatewayConfig::id), Field.of(DATA_DIR, GatewayConfig::dataDir),
                    Field.of(ADMIN_SOCKET, GatewayConfig::adminSocket), Field.of(LOG_LEVEL, GatewayConfig::logLevel))
            .build();

    static final Key<Long> MAX_SIZE = Key.withDefault("max_size", ValueTypes.SIZE, 256L * 1024 * 1024,
            "disk space of the queue, all lanes together").check(Checks.atLeastBytes(1024 * 1024));
    static final Key<OnFull> ON_FULL = Key.withDefault("on_full", ValueTypes.oneOf(OnFull.class, OnFull::configName),
            OnFull.DROP_OLDEST, "what gives when the queue is full; alarms are dropped last either way");

    static final Schema<StoreConfig> STORE = Schema.<StoreConfig>at("store", "The store-and-forward queue on disk.")
            .fields(Field.of(MAX_SIZE, StoreConfig::maxSizeBytes), Field.of(ON_FULL, StoreConfig::onFull))
            .build();

    static final Key<MetricsConfig.ListenAddress> LISTEN = Key.optional("listen", ValueTypes.scalar("`host:port` or `port`",
            ConfigSchema::listen, ConfigSchema::formatListen),
            "address of the Prometheus endpoint, e.g. `127.0.0.1:9108`; a port alone listens on the loopback"
            + " (`127.0.0.1`); no port is opened when absent");
    static final Key<Duration> PUBLISH_INTERVAL = Key.withDefault("publish_interval", ValueTypes.DURATION,
            MetricsConfig.DEFAULT_PUBLISH_INTERVAL,
            "how often a `health` event (queue, sources, link, memory) goes out on `P/events`; `0s` sends none")
            .check(Checks.atMost(Duration.ofHours(24)));

    static final Key<List<TagPattern>> TAG_LABELS = Key.withDefault("tag_labels",
            ValueTypes.listOf(ValueTypes.scalar("tag pattern `source/name` (`*` any run, `?` one character)",
                    TagPattern::new, TagPattern::text)), List.of(),
            "tags whose last value gets a series of its own, `outpost_tag_value{tag=\"source/name\"}` (numbers and"
            + " booleans; none for text or a bad reading), e.g. `[press1/*, \"*/temperature\"]`; none by default, so"
            + " labels stay bounded by sources and lanes");

    static final Schema<MetricsConfig> METRICS = Schema.<MetricsConfig>at("metrics",
                    "Prometheus metrics (text format and OpenMetrics) and the health summary on MQTT.")
            .fields(Field.optional(LISTEN, MetricsConfig::listen), Field.of(PUBLISH_INTERVAL, MetricsConfig::publishInterval),
                    Field.of(TAG_LABELS, MetricsConfig::tagLabels))
            // needs every source's tags and every model's output in view: ConfigBinder checks it
            .rule(Rule.checkedElsewhere("Each pattern of `tag_labels` matches a tag (a source's or a model's output),"
                    + " and together they match at most " + MetricsConfig.MAX_TAG_LABELS + " tags."))
            .build();

    static final Key<Path> PUBLIC_KEY_FILE = Key.required("public_key_file", ValueTypes.FILE,
            "Ed25519 public key (PEM) that update manifests must be signed with");

    static final Key<Duration> HEALTH_DEADLINE = Key.withDefault("health_deadline", ValueTypes.DURATION, Duration.ofSeconds(120),
            "how long a new release has after its install to be healthy (config loaded, store open, uplink connected);"
            + " else it is rolled back to the previous one").check(Checks.positive()).check(Checks.atMost(Duration.ofHours(24)));
    static final Key<Integer> MAX_ATTEMPTS = Key.withDefault("max_attempts", ValueTypes.WHOLE_NUMBER, 3,
            "starts a new release gets to become healthy before it is rolled back").check(Checks.range(1, 20));
    static final Key<Long> KEEP_FREE = Key.withDefault("keep_free", ValueTypes.SIZE, 64L * 1024 * 1024,
            "disk space an update must leave free in `data_dir` (for the queue); an update that would not is refused"
            + " before it downloads");

    static final Schema<OtaConfig> OTA = Schema.<OtaConfig>at("ota", "Over-the-air updates; refused when the section is absent.")
            .fields(Field.of(PUBLIC_KEY_FILE, OtaConfig::publicKeyFile), Field.of(HEALTH_DEADLINE, OtaConfig::healthDeadline),
                    Field.of(MAX_ATTEMPTS, OtaConfig::maxAttempts), Field.of(KEEP_FREE, OtaConfig::keepFreeBytes))
            .build();

    static final SectionField<OutpostConfig, GatewayConfig> GATEWAY_SECTION = SectionField.required("gateway", GATEWAY,
            "this gateway", OutpostConfig::gateway);
    static final ListField<OutpostConfig, ModelConfig> MODELS = ListField.of(Key.withDefault("models",
            ValueTypes.listOfSections(ValueTypes.section(ProcessKeys.MODEL.section())), List.of(), "models run on the data"),
            ProcessKeys.MODEL, OutpostConfig::models);
    static final ListField<OutpostConfig, AlarmConfig> ALARMS = ListField.of(Key.withDefault("alarms",
            ValueTypes.listOfSections(ValueTypes.section(ProcessKeys.ALARM.section())), List.of(), "alarm rules"),
            ProcessKeys.ALARM, OutpostConfig::alarms);
    static final SectionField<OutpostConfig, StoreConfig> STORE_SECTION = SectionField.withDefaults("store", STORE,
            "the queue on disk", "see below", OutpostConfig::store);
    static final SectionField<OutpostConfig, UplinkConfig> UPLINK_SECTION = SectionField.required("uplink",
            UplinkKeys.UPLINK, "the cloud broker", OutpostConfig::uplink);
    static final SectionField<OutpostConfig, MetricsConfig> METRICS_SECTION = SectionField.optional("metrics", METRICS,
            "Prometheus endpoint and health events", "no endpoint, health every 1m", OutpostConfig::metrics);
    static final SectionField<OutpostConfig, OtaConfig> OTA_SECTION = SectionField.optional("ota", OTA,
            "update signing key", "updates refused", OutpostConfig::ota);

    private ConfigSchema() {
    }

    static GatewayConfig gateway(SectionValues v) {
        return new GatewayConfig(v.get(ID), v.get(DATA_DIR), v.get(ADMIN_SOCKET), v.get(LOG_LEVEL));
    }

    static StoreConfig store(SectionValues v) {
        return new StoreConfig(v.get(MAX_SIZE), v.get(ON_FULL));
    }

    static MetricsConfig metrics(SectionValues v) {
        return new MetricsConfig(v.find(LISTEN), v.get(PUBLISH_INTERVAL), v.get(TAG_LABELS));
    }

    static OtaConfig ota(SectionValues v) {
        return new OtaConfig(v.get(PUBLIC_KEY_FILE), v.get(HEALTH_DEADLINE), v.get(MAX_ATTEMPTS), v.get(KEEP_FREE));
    }

    static Key<List<SectionValues>> sources(SourceCatalog catalog) {
        return Key.required("sources", ValueTypes.listOfSections(catalog.entryType()), "where values come from")
                .check(Checks.notEmpty("source"));
    }

    /** The whole file, with {@code sources} as given and its entries printed by {@code catalog}. */
    static Schema<OutpostConfig> root(Key<List<SectionValues>> sources, SourceCatalog catalog) {
        return Schema.<OutpostConfig>at("", "The whole file.")
                .fields(GATEWAY_SECTION, new ListField<>(sources, OutpostConfig::sources, catalog::print), MODELS, ALARMS,
                        STORE_SECTION, UPLINK_SECTION, METRICS_SECTION, OTA_SECTION)
                .rule(Rule.checkedElsewhere("Source names are unique, and so are model names and alarm names."))
                // the reader skips them, see Section#ignores
                .rule(Rule.checkedElsewhere(
                        "Keys starting with `x-` are ignored: a place for anchors that entries merge with `<<: *name`."))
                .extensions()
                .build();
    }

    static MetricsConfig.ListenAddress listen(String text) {
        if (text.matches("\\d{1,5}")) {
            return new MetricsConfig.ListenAddress(LOOPBACK, port(Integer.parseInt(text)));
        }
        int colon = text.lastIndexOf(':');
        String host = colon > 0 ? text.substring(0, colon) : "";
        String port = colon > 0 ? text.substring(colon + 1) : "";
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            host = "";
        }
        if (host.isEmpty() || !port.matches("\\d{1,5}")) {
            throw new IllegalArgumentException(Durations.quote(text)
                    + " is not host:port or a port: write e.g. 127.0.0.1:9108, [::1]:9108 for IPv6, or 9108 for the"
                    + " loopback");
        }
        return new MetricsConfig.ListenAddress(host, port(Integer.parseInt(port)));
    }

    private static int port(int number) {
        if (number < 1 || number > 65535) {
            throw new IllegalArgumentException("port must be from 1 to 65535, not " + number);
        }
        return number;
    }

    static String formatListen(MetricsConfig.ListenAddress metrics) {
        String host = metrics.host().contains(":") ? "[" + metrics.host() + "]" : metrics.host();
        return host + ":" + metrics.port();
    }
}
