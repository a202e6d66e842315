package io.outpost.config;

import static io.outpost.config.ConfigSchema.*;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Writes a config back as YAML with every default spelt out: what the daemon will actually run
 * with. The output is itself a valid config that loads to an equal {@link OutpostConfig}.
 */
public final class ConfigPrinter {

    private final SourceCatalog catalog;

    /** @param catalog the source types the configs it prints may hold */
    public ConfigPrinter(SourceCatalog catalog) {
        this.catalog = catalog;
    }

    public String toYaml(OutpostConfig config) {
        Map<String, Object> root = new LinkedHashMap<>();
        Map<String, Object> gateway = put(root, GATEWAY_SECTION);
        put(gateway, ID, config.gateway().id());
        put(gateway, DATA_DIR, config.gateway().dataDir());
        put(gateway, ADMIN_SOCKET, config.gateway().adminSocket());
        root.put("sources", config.sources().stream().map(catalog::print).toList());
        root.put(MODELS.name(), config.models().stream().map(ConfigPrinter::model).toList());
        root.put(ALARMS.name(), config.alarms().stream().map(ConfigPrinter::alarm).toList());
        Map<String, Object> store = put(root, STORE_SECTION);
        put(store, MAX_SIZE, config.store().maxSizeBytes());
        put(store, ON_FULL, config.store().onFull());
        uplink(put(root, UPLINK_SECTION), config.uplink());
        config.metrics().ifPresent(m -> put(put(root, METRICS_SECTION), LISTEN, m));
        config.ota().ifPresent(o -> put(put(root, OTA_SECTION), PUBLIC_KEY_FILE, o.publicKeyFile()));
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        options.setIndicatorIndent(2);
        options.setIndentWithIndicator(true);
        options.setWidth(200);
        options.setDereferenceAliases(true); // equal empty lists must not come out as an anchor and an alias
        return new Yaml(options).dump(root);
    }

    private static Map<String, Object> model(ModelConfig model) {
        Map<String, Object> out = new LinkedHashMap<>();
        put(out, ProcessKeys.MODEL_NAME, model.name());
        put(out, ProcessKeys.MODEL_FILE, model.file());
        put(out, ProcessKeys.INPUTS, model.inputs());
        put(out, ProcessKeys.WINDOW, model.window());
        put(out, ProcessKeys.EVERY, model.every());
        put(out, ProcessKeys.OUTPUT, model.output());
        return out;
    }

    private static Map<String, Object> alarm(AlarmConfig alarm) {
        Map<String, Object> out = new LinkedHashMap<>();
        put(out, ProcessKeys.ALARM_NAME, alarm.name());
        put(out, ProcessKeys.ALARM_TAG, alarm.tag());
        put(out, ProcessKeys.ABOVE, alarm.above());
        put(out, ProcessKeys.BELOW, alarm.below());
        put(out, ProcessKeys.CLEAR, alarm.clear());
        put(out, ProcessKeys.FOR, alarm.forDuration());
        put(out, ProcessKeys.STALE, alarm.stale());
        put(out, ProcessKeys.SEVERITY, alarm.severity());
        return out;
    }

    private static void uplink(Map<String, Object> out, UplinkConfig uplink) {
        put(out, UplinkKeys.URL, uplink.url());
        put(out, UplinkKeys.CLIENT_ID, uplink.clientId());
        put(out, UplinkKeys.USERNAME, uplink.username());
        put(out, UplinkKeys.PASSWORD_FILE, uplink.passwordFile());
        uplink.tls().ifPresent(tls -> {
            Map<String, Object> tlsOut = put(out, UplinkKeys.TLS_SECTION);
            put(tlsOut, UplinkKeys.CA_FILE, tls.caFile());
            put(tlsOut, UplinkKeys.CERT_FILE, tls.certFile());
            put(tlsOut, UplinkKeys.KEY_FILE, tls.keyFile());
        });
        put(out, UplinkKeys.TOPIC_PREFIX, uplink.topicPrefix());
        Map<String, Object> batch = put(out, UplinkKeys.BATCH_SECTION);
        put(batch, UplinkKeys.MAX_SAMPLES, uplink.batch().maxSamples());
        put(batch, UplinkKeys.MAX_DELAY, uplink.batch().maxDelay());
        put(out, UplinkKeys.INFLIGHT, uplink.inflight());
        Map<String, Object> backoff = put(out, UplinkKeys.BACKOFF_SECTION);
        put(backoff, UplinkKeys.INITIAL, uplink.backoff().initial());
        put(backoff, UplinkKeys.MAX, uplink.backoff().max());
        put(backoff, UplinkKeys.MULTIPLIER, uplink.backoff().multiplier());
        put(out, UplinkKeys.ENCODING, uplink.encoding());
    }

    private static <T> void put(Map<String, Object> out, Key<T> key, T value) {
        out.put(key.name(), key.type().toYaml(value));
    }

    private static <T> void put(Map<String, Object> out, Key<T> key, Optional<T> value) {
        value.ifPresent(v -> put(out, key, v));
    }

    private static void put(Map<String, Object> out, Key<Double> key, OptionalDouble value) {
        value.ifPresent(v -> put(out, key, v));
    }

    /** A nested mapping under {@code key}. */
    private static Map<String, Object> put(Map<String, Object> out, Key<SectionValues> key) {
        Map<String, Object> nested = new LinkedHashMap<>();
        out.put(key.name(), nested);
        return nested;
    }
}
