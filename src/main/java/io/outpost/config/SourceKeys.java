package io.outpost.config;

import static io.outpost.config.Checks.atLeast;
import static io.outpost.config.Checks.nonZero;
import static io.outpost.config.Checks.notEmpty;
import static io.outpost.config.Checks.positive;
import static io.outpost.config.Checks.range;

import io.outpost.config.GpioSourceConfig.Provider;
import io.outpost.config.GpioTagConfig.Direction;
import io.outpost.config.GpioTagConfig.Level;
import io.outpost.config.GpioTagConfig.Pull;
import io.outpost.config.GpioTagConfig.SafeState;
import io.outpost.config.ModbusRtuSourceConfig.Parity;
import io.outpost.config.ModbusTagConfig.DataType;
import io.outpost.config.ModbusTagConfig.Order;
import io.outpost.config.ModbusTagConfig.Table;
import io.outpost.config.OpcUaSourceConfig.Mode;
import io.outpost.config.OpcUaSourceConfig.SecurityMode;
import io.outpost.config.OpcUaSourceConfig.SecurityPolicy;
import io.outpost.config.SimulatorTagConfig.Signal;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The declaration of {@code sources:} (one section per source type) and of their tags. */
final class SourceKeys {

    private static final Pattern PERCENT = Pattern.compile("(\\d+(\\.\\d+)?)%");
    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");
    private static final Pattern HOST_AND_PORT = Pattern.compile("[^:]+:\\d+");
    private static final String SOURCES = "sources[]";
    private static final String TAGS = "sources[].tags[]";

    // ---- keys every tag has

    static final Key<String> TAG_NAME = Key.required("name", ValueTypes.NAME,
            "unique within its source; the tag's address is `<source>/<name>`");
    static final Key<Deadband> DEADBAND = Key.optional("deadband", SourceKeys.deadbandType(),
            "report by exception: send a value only when it moved more than this from the last one sent, "
                    + "absolute (`0.05`) or relative (`\"1%\"`); without it every change is sent");
    static final Key<Duration> MAX_AGE = Key.optional("max_age", ValueTypes.DURATION,
            "send the value anyway after this long without a change; without it an unchanged value is not repeated")
            .check(positive());

    // ---- Modbus tags (modbus-tcp and modbus-rtu)

    static final Key<Table> TABLE = Key.withDefault("table", ValueTypes.oneOf(Table.class), Table.HOLDING,
            "which Modbus table the value is in");
    static final Key<Integer> ADDRESS = Key.required("address", ValueTypes.WHOLE_NUMBER,
            "zero-based address of the (first) register or bit").check(range(0, 65535));
    static final Key<DataType> DATA_TYPE = Key.required("type", ValueTypes.oneOf(DataType.class),
            "how the registers are decoded; `bool` for coils and discrete inputs");
    static final Key<Order> ORDER = Key.optional("order", ValueTypes.oneOf(Order.class, Order::name),
            "byte order, A most significant: 16-bit types `AB` or `BA`, 32/64-bit types `ABCD`, `CDAB`, `BADC` or `DCBA`")
            .defaultNote("`ABCD`; `AB` for 16-bit types");
    static final Key<Double> SCALE = Key.withDefault("scale", ValueTypes.NUMBER, 1.0,
            "value = raw × scale + offset").check(nonZero());
    static final Key<Double> OFFSET = Key.withDefault("offset", ValueTypes.NUMBER, 0.0,
            "value = raw × scale + offset");

    static final Section MODBUS_TAG = Section.at(TAGS, "A value read from a Modbus device.")
            .qualifier("modbus-tcp, modbus-rtu")
            .keys(TAG_NAME, TABLE, ADDRESS, DATA_TYPE, ORDER, SCALE, OFFSET, DEADBAND, MAX_AGE)
            .rule("`coil` and `discrete` tables hold single bits: their tags are `bool`, and `bool` tags read only those tables.")
            .rule("`order`, `scale`, `offset` and `deadband` do not apply to `bool` tags.")
            .rule("A value must fit below register 65535: `address` + its width in registers − 1 ≤ 65535.")
            .rule("Tag names are unique within a source.")
            .build();

    // ---- keys every source has

    static final Key<String> NAME = Key.required("name", ValueTypes.NAME,
            "unique among sources; tags are addressed as `<name>/<tag>`");
    static final Key<SourceType> TYPE = Key.required("type", ValueTypes.oneOf(SourceType.class, SourceType::configName),
            "the kind of source; it decides which other keys apply");
    static final Key<Duration> POLL_INTERVAL = Key.withDefault("poll_interval", ValueTypes.DURATION, Duration.ofSeconds(1),
            "how often every tag is read").check(positive());
    static final Key<Duration> TIMEOUT = Key.withDefault("timeout", ValueTypes.DURATION, Duration.ofSeconds(1),
            "how long one request may take before it counts as failed").check(positive());
    static final Key<List<SectionValues>> MODBUS_TAGS = tags(MODBUS_TAG);
    static final Key<Integer> MAX_GAP = Key.withDefault("max_gap", ValueTypes.WHOLE_NUMBER, 10,
            "tags of one table whose registers lie at most this many unused registers apart are read in one request; "
                    + "`0` merges only adjacent tags").check(range(0, 100));

    // ---- modbus-tcp

    static final Key<String> HOST = Key.required("host", ValueTypes.scalar("host name or IP address",
            SourceKeys::host, h -> h), "the device's host name or IP address (without port)");
    static final Key<Integer> PORT = Key.withDefault("port", ValueTypes.WHOLE_NUMBER, 502, "TCP port")
            .check(range(1, 65535));
    static final Key<Integer> TCP_UNIT_ID = Key.withDefault("unit_id", ValueTypes.WHOLE_NUMBER, 1,
            "Modbus unit (slave) id; devices reached directly over TCP often answer to any, or to 255")
            .check(range(0, 255));

    static final Section MODBUS_TCP = Section.at(SOURCES, "A Modbus device over TCP.")
            .qualifier("type: modbus-tcp")
            .keys(NAME, TYPE, HOST, PORT, TCP_UNIT_ID, POLL_INTERVAL, TIMEOUT, MAX_GAP, MODBUS_TAGS)
            .build();

    // ---- modbus-rtu

    static final Key<String> DEVICE = Key.required("device", ValueTypes.TEXT, "the serial port, e.g. `/dev/ttyUSB0`");
    static final Key<Integer> BAUD = Key.withDefault("baud", ValueTypes.WHOLE_NUMBER, 19200, "line speed, bits per second")
            .check(Checks.oneOf(1200, 2400, 4800, 9600, 14400, 19200, 38400, 57600, 115200, 230400));
    static final Key<Parity> PARITY = Key.withDefault("parity", ValueTypes.oneOf(Parity.class), Parity.EVEN,
            "parity bit (Modbus' default is even)");
    static final Key<Integer> DATA_BITS = Key.withDefault("data_bits", ValueTypes.WHOLE_NUMBER, 8, "data bits per character")
            .check(Checks.oneOf(7, 8));
    static final Key<Integer> STOP_BITS = Key.withDefault("stop_bits", ValueTypes.WHOLE_NUMBER, 1, "stop bits per character")
            .check(Checks.oneOf(1, 2));
    static final Key<Integer> RTU_UNIT_ID = Key.required("unit_id", ValueTypes.WHOLE_NUMBER,
            "the device's address on the bus (0 is broadcast, which never answers)").check(range(1, 247));

    static final Section MODBUS_RTU = Section.at(SOURCES, "A Modbus device on a serial line (RS-485/RS-232).")
            .qualifier("type: modbus-rtu")
            .keys(NAME, TYPE, DEVICE, BAUD, PARITY, DATA_BITS, STOP_BITS, RTU_UNIT_ID, POLL_INTERVAL, TIMEOUT, MAX_GAP, MODBUS_TAGS)
            .rule("Sources on the same `device` (several devices on one bus) must agree on `baud`, `parity`, "
                    + "`data_bits` and `stop_bits`.")
            .build();

    // ---- opcua

    static final Key<String> NODE = Key.required("node", ValueTypes.scalar("OPC UA node id", SourceKeys::nodeId, n -> n),
            "the node id, e.g. `ns=2;s=Line/Temperature` or `i=2258`");

    static final Section OPCUA_TAG = Section.at(TAGS, "A value read from an OPC UA server.")
            .qualifier("opcua")
            .keys(TAG_NAME, NODE, DEADBAND, MAX_AGE)
            .rule("Tag names are unique within a source.")
            .build();

    static final Key<String> ENDPOINT = Key.required("endpoint", ValueTypes.scalar("`opc.tcp://` URL",
            SourceKeys::endpoint, e -> e), "the server's endpoint URL, e.g. `opc.tcp://192.0.2.20:4840`");
    static final Key<SecurityPolicy> SECURITY_POLICY = Key.withDefault("security_policy",
            ValueTypes.oneOf(SecurityPolicy.class, SecurityPolicy::configName), SecurityPolicy.NONE,
            "the security policy of the secure channel");
    static final Key<SecurityMode> SECURITY_MODE = Key.withDefault("security_mode",
            ValueTypes.oneOf(SecurityMode.class, SecurityMode::configName), SecurityMode.NONE,
            "message security: `None` with policy `None`; `Sign` or `SignAndEncrypt` with any other policy");
    static final Key<String> USERNAME = Key.optional("username", ValueTypes.TEXT,
            "user name to log in with; anonymous without it");
    static final Key<java.nio.file.Path> PASSWORD_FILE = Key.optional("password_file", ValueTypes.SECRET_FILE,
            "file holding the password (needs `username`)");
    static final Key<Mode> MODE = Key.withDefault("mode", ValueTypes.oneOf(Mode.class), Mode.SUBSCRIBE,
            "`subscribe`: the server reports changes; `poll`: every tag is read each interval");
    static final Key<Duration> INTERVAL = Key.withDefault("interval", ValueTypes.DURATION, Duration.ofSeconds(1),
            "publishing interval (subscribe) or poll interval (poll)").check(positive());
    static final Key<List<SectionValues>> OPCUA_TAGS = tags(OPCUA_TAG);

    static final Section OPCUA = Section.at(SOURCES, "An OPC UA server.")
            .qualifier("type: opcua")
            .keys(NAME, TYPE, ENDPOINT, SECURITY_POLICY, SECURITY_MODE, USERNAME, PASSWORD_FILE, MODE, INTERVAL, OPCUA_TAGS)
            .rule("`security_policy` `None` goes with `security_mode` `None`, and any other policy with `Sign` or `SignAndEncrypt`.")
            .rule("`password_file` needs `username`.")
            .build();

    // ---- gpio

    static final Key<Integer> PIN = Key.required("pin", ValueTypes.WHOLE_NUMBER,
            "BCM GPIO number (not the physical pin number) of the 40-pin header").check(range(0, 27));
    static final Key<Direction> DIRECTION = Key.withDefault("direction", ValueTypes.oneOf(Direction.class), Direction.INPUT,
            "`input` is read; `output` is driven by the `set-output` command");
    static final Key<Pull> PULL = Key.withDefault("pull", ValueTypes.oneOf(Pull.class), Pull.NONE,
            "internal pull resistor of an input");
    static final Key<Duration> DEBOUNCE = Key.withDefault("debounce", ValueTypes.DURATION, Duration.ZERO,
            "an input's change is sent once the pin has stayed at its new level this long; shorter pulses "
                    + "(contact bounce) are dropped; `0ms` sends every edge at once").check(Checks.atMost(Duration.ofSeconds(10)));
    static final Key<Boolean> INVERT = Key.withDefault("invert", ValueTypes.scalar("`true` or `false`", SourceKeys::bool, b -> b),
            false, "active-low wiring: the tag is `true` when the pin is low (inputs), and `true` drives the pin low (outputs)");
    static final Key<Level> INITIAL = Key.withDefault("initial", ValueTypes.oneOf(Level.class), Level.LOW,
            "the level an output is driven to when the source starts (an electrical level, `invert` does not apply)");
    static final Key<SafeState> SAFE = Key.withDefault("safe", ValueTypes.oneOf(SafeState.class), SafeState.LOW,
            "what an output does when the daemon stops: driven `low` or `high`, or `hold` its last level "
                    + "(an electrical level, `invert` does not apply)");

    static final Section GPIO_TAG = Section.at(TAGS, "A pin of the gateway itself; its value is `true` (high) or `false` (low).")
            .qualifier("gpio")
            .keys(TAG_NAME, PIN, DIRECTION, PULL, DEBOUNCE, INVERT, INITIAL, SAFE, MAX_AGE)
            .misplaced(DEADBAND.name(), "`deadband` does not apply to GPIO pins: they are on or off, and every change is sent")
            .rule("`pull` and `debounce` apply to inputs only; `initial` and `safe` to outputs only.")
            .rule("A pin is used by one tag of the source only; tag names are unique within a source.")
            .build();

    static final Key<Provider> PROVIDER = Key.withDefault("provider", ValueTypes.oneOf(Provider.class), Provider.AUTO,
            "`gpiod` (the Linux GPIO character device), `mock` (no hardware, for tests) or `auto` (gpiod where present)");
    static final Key<List<SectionValues>> GPIO_TAGS = tags(GPIO_TAG);

    static final Section GPIO = Section.at(SOURCES, "The gateway's own GPIO pins.")
            .qualifier("type: gpio")
            .keys(NAME, TYPE, PROVIDER, GPIO_TAGS)
            .build();

    // ---- simulator

    static final Key<Signal> SIGNAL = Key.withDefault("signal", ValueTypes.oneOf(Signal.class, Signal::configName), Signal.SINE,
            "the shape of the signal");
    static final Key<Duration> PERIOD = Key.withDefault("period", ValueTypes.DURATION, Duration.ofSeconds(10),
            "one full cycle of `sine`, or the time between changes of `step`").check(positive());
    static final Key<Double> AMPLITUDE = Key.withDefault("amplitude", ValueTypes.NUMBER, 1.0,
            "peak value of `sine` and `step`, largest stride of `random-walk`, increment of `counter`").check(atLeast(0));
    static final Key<Duration> SAMPLE_INTERVAL = Key.withDefault("interval", ValueTypes.DURATION, Duration.ofSeconds(1),
            "how often a value is produced").check(positive());

    static final Section SIMULATOR_TAG = Section.at(TAGS, "A synthetic signal.")
            .qualifier("simulator")
            .keys(TAG_NAME, SIGNAL, PERIOD, AMPLITUDE, SAMPLE_INTERVAL, DEADBAND, MAX_AGE)
            .rule("Tag names are unique within a source.")
            .build();

    static final Key<List<SectionValues>> SIMULATOR_TAGS = tags(SIMULATOR_TAG);

    static final Section SIMULATOR = Section.at(SOURCES, "Synthetic signals, for demos and for trying a config without devices.")
            .qualifier("type: simulator")
            .keys(NAME, TYPE, SIMULATOR_TAGS)
            .build();

    /** Read when a source's type is missing or unknown: only its name, for the duplicate check. */
    private static final Section UNKNOWN_TYPE = Section.at(SOURCES, "").keys(NAME).build();

    static final SectionFamily<SourceType> FAMILY = new SectionFamily<>(TYPE, UNKNOWN_TYPE, Map.of(
            SourceType.MODBUS_TCP, MODBUS_TCP,
            SourceType.MODBUS_RTU, MODBUS_RTU,
            SourceType.OPCUA, OPCUA,
            SourceType.GPIO, GPIO,
            SourceType.SIMULATOR, SIMULATOR), "source");

    private SourceKeys() {
    }

    private static Key<List<SectionValues>> tags(Section tag) {
        return Key.required("tags", ValueTypes.listOfSections(ValueTypes.section(tag)), "the values read from this source")
                .check(notEmpty("tag"));
    }

    private static ValueType<Deadband> deadbandType() {
        return ValueTypes.scalar("number ≥ 0, or percent (`\"1%\"`)", SourceKeys::deadband, d -> d instanceof Deadband.Percent p
                ? BigDecimal.valueOf(p.percent()).stripTrailingZeros().toPlainString() + "%"
                : ((Deadband.Absolute) d).amount());
    }

    static Deadband deadband(String text) {
        Matcher percent = PERCENT.matcher(text);
        if (percent.matches()) {
            return new Deadband.Percent(Double.parseDouble(percent.group(1)));
        }
        double amount;
        try {
            amount = ValueTypes.number(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(Durations.quote(text)
                    + " is not a deadband: write a number (0.05) or a percentage (\"1%\")");
        }
        if (amount < 0) {
            throw new IllegalArgumentException("must not be negative, not " + text);
        }
        return new Deadband.Absolute(amount);
    }

    static boolean bool(String text) {
        return switch (text) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(Durations.quote(text) + " is not true or false");
        };
    }

    static String host(String text) {
        if (text.contains("://")) {
            throw new IllegalArgumentException(Durations.quote(text)
                    + " is not a host: write only the name or address, e.g. 192.0.2.10");
        }
        if (HOST_AND_PORT.matcher(text).matches()) {
            throw new IllegalArgumentException(Durations.quote(text)
                    + " is not a host: put the port in `port`");
        }
        if (!HOST_NAME.matcher(text).matches() && !IPV6.matcher(text).matches()) {
            throw new IllegalArgumentException(Durations.quote(text) + " is not a host name or IP address");
        }
        return text;
    }

    static String endpoint(String text) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(Durations.quote(text) + " is not a URL: " + e.getReason());
        }
        if (!"opc.tcp".equals(uri.getScheme())) {
            throw new IllegalArgumentException(Durations.quote(text)
                    + " is not an opc.tcp:// endpoint, e.g. opc.tcp://192.0.2.20:4840");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException(Durations.quote(text) + " has no host");
        }
        return text;
    }

    static String nodeId(String text) {
        return NodeIdSyntax.check(text);
    }
}
