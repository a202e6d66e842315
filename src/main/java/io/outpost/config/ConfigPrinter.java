package io.outpost.config;

import static io.outpost.config.ConfigSchema.*;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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

    private ConfigPrinter() {
    }

    public static String toYaml(OutpostConfig config) {
        Map<String, Object> root = new LinkedHashMap<>();
        Map<String, Object> gateway = put(root, GATEWAY_SECTION);
        put(gateway, ID, config.gateway().id());
        put(gateway, DATA_DIR, config.gateway().dataDir());
        put(gateway, ADMIN_SOCKET, config.gateway().adminSocket());
        root.put(SOURCES.name(), config.sources().stream().map(ConfigPrinter::source).toList());
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

    private static Map<String, Object> source(SourceConfig source) {
        Map<String, Object> out = new LinkedHashMap<>();
        put(out, SourceKeys.NAME, source.name());
        put(out, SourceKeys.TYPE, source.type());
        if (source instanceof ModbusTcpSourceConfig tcp) {
            put(out, SourceKeys.HOST, tcp.host());
            put(out, SourceKeys.PORT, tcp.port());
            put(out, SourceKeys.TCP_UNIT_ID, tcp.unitId());
            put(out, SourceKeys.POLL_INTERVAL, tcp.pollInterval());
            put(out, SourceKeys.TIMEOUT, tcp.timeout());
            put(out, SourceKeys.MAX_GAP, tcp.maxGap());
        } else if (source instanceof ModbusRtuSourceConfig rtu) {
            put(out, SourceKeys.DEVICE, rtu.device());
            put(out, SourceKeys.BAUD, rtu.baud());
            put(out, SourceKeys.PARITY, rtu.parity());
            put(out, SourceKeys.DATA_BITS, rtu.dataBits());
            put(out, SourceKeys.STOP_BITS, rtu.stopBits());
            put(out, SourceKeys.RTU_UNIT_ID, rtu.unitId());
            put(out, SourceKeys.POLL_INTERVAL, rtu.pollInterval());
            put(out, SourceKeys.TIMEOUT, rtu.timeout());
            put(out, SourceKeys.MAX_GAP, rtu.maxGap());
        } else if (source instanceof OpcUaSourceConfig opcua) {
            put(out, SourceKeys.ENDPOINT, opcua.endpoint());
            put(out, SourceKeys.SECURITY_POLICY, opcua.securityPolicy());
            put(out, SourceKeys.SECURITY_MODE, opcua.securityMode());
            put(out, SourceKeys.USERNAME, opcua.username());
            put(out, SourceKeys.PASSWORD_FILE, opcua.passwordFile());
            put(out, SourceKeys.MODE, opcua.mode());
            put(out, SourceKeys.INTERVAL, opcua.interval());
        } else if (source instanceof GpioSourceConfig gpio) {
            put(out, SourceKeys.PROVIDER, gpio.provider());
        }
        List<Object> tags = new ArrayList<>();
        for (TagConfig tag : source.tags()) {
            tags.add(tag(tag));
        }
        out.put("tags", tags);
        return out;
    }

    private static Map<String, Object> tag(TagConfig tag) {
        Map<String, Object> out = new LinkedHashMap<>();
        put(out, SourceKeys.TAG_NAME, tag.name());
        if (tag instanceof ModbusTagConfig modbus) {
            boolean bool = modbus.dataType() == ModbusTagConfig.DataType.BOOL;
            put(out, SourceKeys.TABLE, modbus.table());
            put(out, SourceKeys.ADDRESS, modbus.address());
            put(out, SourceKeys.DATA_TYPE, modbus.dataType());
            if (!bool) {
                put(out, SourceKeys.ORDER, modbus.order());
                put(out, SourceKeys.SCALE, modbus.scale());
                put(out, SourceKeys.OFFSET, modbus.offset());
            }
        } else if (tag instanceof OpcUaTagConfig opcua) {
            put(out, SourceKeys.NODE, opcua.node());
        } else if (tag instanceof GpioTagConfig gpio) {
            put(out, SourceKeys.PIN, gpio.pin());
            put(out, SourceKeys.DIRECTION, gpio.direction());
            if (gpio.direction() == GpioTagConfig.Direction.INPUT) {
                put(out, SourceKeys.PULL, gpio.pull());
                put(out, SourceKeys.DEBOUNCE, gpio.debounce());
            }
            put(out, SourceKeys.INVERT, gpio.invert());
            if (gpio.direction() == GpioTagConfig.Direction.OUTPUT) {
                put(out, SourceKeys.INITIAL, gpio.initial());
                put(out, SourceKeys.SAFE, gpio.safe());
            }
        } else if (tag instanceof SimulatorTagConfig sim) {
            put(out, SourceKeys.SIGNAL, sim.signal());
            put(out, SourceKeys.PERIOD, sim.period());
            put(out, SourceKeys.AMPLITUDE, sim.amplitude());
            put(out, SourceKeys.SAMPLE_INTERVAL, sim.interval());
        }
        put(out, SourceKeys.DEADBAND, tag.report().deadband());
        put(out, SourceKeys.MAX_AGE, tag.report().maxAge());
        return out;
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
