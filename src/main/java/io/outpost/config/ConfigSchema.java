package io.outpost.config;

import io.outpost.config.StoreConfig.OnFull;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/** The top of the declaration: the file's sections, {@code gateway}, {@code store}, {@code metrics}, {@code ota}. */
final class ConfigSchema {

    static final Pattern GATEWAY_ID = Pattern.compile("[a-zA-Z0-9_-]+");
    static final Path DEFAULT_DATA_DIR = Path.of("/var/lib/outpost");
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

    static final Section GATEWAY = Section.at("gateway", "This gateway.").keys(ID, DATA_DIR, ADMIN_SOCKET).build();

    static final Key<Long> MAX_SIZE = Key.withDefault("max_size", ValueTypes.SIZE, 256L * 1024 * 1024,
            "disk space of the queue, all lanes together").check(Checks.atLeastBytes(1024 * 1024));
    static final Key<OnFull> ON_FULL = Key.withDefault("on_full", ValueTypes.oneOf(OnFull.class, OnFull::configName),
            OnFull.DROP_OLDEST, "what gives when the queue is full; alarms are dropped last either way");

    static final Section STORE = Section.at("store", "The store-and-forward queue on disk.")
            .keys(MAX_SIZE, ON_FULL).build();

    static final Key<MetricsConfig> LISTEN = Key.required("listen", ValueTypes.scalar("`host:port`",
            ConfigSchema::listen, m -> formatListen(m)), "address of the Prometheus endpoint, e.g. `127.0.0.1:9108`");

    static final Section METRICS = Section.at("metrics", "Prometheus metrics in text format; off when the section is absent.")
            .keys(LISTEN).build();

    static final Key<Path> PUBLIC_KEY_FILE = Key.required("public_key_file", ValueTypes.FILE,
            "Ed25519 public key (PEM) that update manifests must be signed with");

    static final Section OTA = Section.at("ota", "Over-the-air updates; refused when the section is absent.")
            .keys(PUBLIC_KEY_FILE).build();

    static final Key<SectionValues> GATEWAY_SECTION = Key.required("gateway", ValueTypes.section(GATEWAY), "this gateway");
    static final Key<List<SectionValues>> MODELS = Key.withDefault("models",
            ValueTypes.listOfSections(ValueTypes.section(ProcessKeys.MODEL)), List.of(), "models run on the data");
    static final Key<List<SectionValues>> ALARMS = Key.withDefault("alarms",
            ValueTypes.listOfSections(ValueTypes.section(ProcessKeys.ALARM)), List.of(), "alarm rules");
    static final Key<SectionValues> STORE_SECTION = Key.optional("store", ValueTypes.section(STORE), "the queue on disk")
            .defaultNote("see below");
    static final Key<SectionValues> UPLINK_SECTION = Key.required("uplink", ValueTypes.section(UplinkKeys.UPLINK),
            "the cloud broker");
    static final Key<SectionValues> METRICS_SECTION = Key.optional("metrics", ValueTypes.section(METRICS),
            "Prometheus endpoint").defaultNote("off");
    static final Key<SectionValues> OTA_SECTION = Key.optional("ota", ValueTypes.section(OTA), "update signing key")
            .defaultNote("updates refused");

    private ConfigSchema() {
    }

    /** {@code sources:}, read against the types of {@code catalog}. */
    static Key<List<SectionValues>> sources(SourceCatalog catalog) {
        return Key.required("sources", ValueTypes.listOfSections(catalog.entryType()), "where values come from")
                .check(Checks.notEmpty("source"));
    }

    /** The whole file, with {@code sources} as given. */
    static Section root(Key<List<SectionValues>> sources) {
        return Section.at("", "The whole file.")
                .keys(GATEWAY_SECTION, sources, MODELS, ALARMS, STORE_SECTION, UPLINK_SECTION, METRICS_SECTION, OTA_SECTION)
                .rule("Source names are unique, and so are model names and alarm names.")
                .rule("Keys starting with `x-` are ignored: a place for anchors that entries merge with `<<: *name`.")
                .extensions()
                .build();
    }

    static MetricsConfig listen(String text) {
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
                    + " is not host:port: write e.g. 127.0.0.1:9108 ([::1]:9108 for IPv6)");
        }
        int number = Integer.parseInt(port);
        if (number < 1 || number > 65535) {
            throw new IllegalArgumentException("port must be from 1 to 65535, not " + number);
        }
        return new MetricsConfig(host, number);
    }

    static String formatListen(MetricsConfig metrics) {
        String host = metrics.host().contains(":") ? "[" + metrics.host() + "]" : metrics.host();
        return host + ":" + metrics.port();
    }
}
