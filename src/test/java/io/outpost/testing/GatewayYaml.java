package io.outpost.testing;

import io.outpost.config.ConfigLoader;
import io.outpost.config.OutpostConfig;
import io.outpost.gateway.SourceTypes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The frame of a test's {@code outpost.yaml} (gateway id, data directory, admin socket, uplink url,
 * batch and backoff), so that a test writes out only its sources and whatever else is particular to it.
 * Sources are written as the list items at column 0; the frame indents them under {@code sources:}.
 */
public final class GatewayYaml {

    private static final ConfigLoader LOADER = SourceTypes.standard().loader();

    /**
     * A simulator source {@code sim} whose one tag {@code sim/counter} counts every 100 ms: telemetry
     * that keeps flowing beside the sources a test is about.
     */
    public static final String SIM_COUNTER = """
            - name: sim
              type: simulator
              tags:
                - { name: counter, signal: counter, interval: 100ms }
            """;

    /**
     * A Modbus TCP source {@code plc} on 127.0.0.1:{@code port} with one tag {@code plc/flow} (input
     * register 0, uint16), for {@link #sources}.
     */
    public static String modbusPlc(int port, String pollInterval, String timeout) {
        return """
                - name: plc
                  type: modbus-tcp
                  host: 127.0.0.1
                  port: %d
                  poll_interval: %s
                  timeout: %s
                  tags:
                    - { name: flow, table: input, address: 0, type: uint16 }
                """.formatted(port, pollInterval, timeout);
    }

    private final String id;
    private final Path dataDir;
    private Optional<String> adminSocket = Optional.empty();
    private String sources = "";
    private String sections = "";
    private String uplinkUrl = "tcp://127.0.0.1:1";
    private Optional<String> batch = Optional.empty();
    private Optional<String> backoff = Optional.empty();
    private Optional<String> encoding = Optional.empty();
    private Optional<Integer> inflight = Optional.empty();
    private Optional<String> logLevel = Optional.empty();
    private Optional<String> desiredDeadline = Optional.empty();

    private GatewayYaml(String id, Path dataDir) {
        this.id = id;
        this.dataDir = dataDir;
    }

    public static GatewayYaml of(String id, Path dataDir) {
        return new GatewayYaml(id, dataDir);
    }

    public GatewayYaml adminSocket(String socket) {
        this.adminSocket = Optional.of(socket);
        return this;
    }

    /** The items of the {@code sources} list in order, each starting {@code - name: ...} at column 0. */
    public GatewayYaml sources(String... items) {
        this.sources = Arrays.stream(items).map(String::stripTrailing).collect(Collectors.joining("\n"));
        return this;
    }

    /** Further top-level sections (e.g. {@code store:}) as written at column 0. */
    public GatewayYaml section(String yaml) {
        this.sections += yaml.endsWith("\n") ? yaml : yaml + "\n";
        return this;
    }

    /** Without it the uplink points at a port nobody listens on. */
    public GatewayYaml uplink(String url) {
        this.uplinkUrl = url;
        return this;
    }

    public GatewayYaml batch(int maxSamples, String maxDelay) {
        this.batch = Optional.of("{ max_samples: " + maxSamples + ", max_delay: " + maxDelay + " }");
        return this;
    }

    public GatewayYaml backoff(String initial, String max) {
        this.backoff = Optional.of("{ initial: " + initial + ", max: " + max + " }");
        return this;
    }

    /** {@code uplink.inflight}; without it, the default (32). */
    public GatewayYaml inflight(int window) {
        this.inflight = Optional.of(window);
        return this;
    }

    /** {@code uplink.encoding}: {@code json} or {@code compact}; without it, the default (json). */
    public GatewayYaml encoding(String encoding) {
        this.encoding = Optional.of(encoding);
        return this;
    }

    /** {@code uplink.desired_deadline}; without it, the default (60s). */
    public GatewayYaml desiredDeadline(String deadline) {
        this.desiredDeadline = Optional.of(deadline);
        return this;
    }

    /** {@code gateway.log_level}; without it, the default (info). */
    public GatewayYaml logLevel(String level) {
        this.logLevel = Optional.of(level);
        return this;
    }

    public String text() {
        StringBuilder yaml = new StringBuilder()
                .append("gateway:\n")
                .append("  id: ").append(id).append('\n')
                .append("  data_dir: ").append(dataDir).append('\n');
        // The gateway opens its admin socket wherever it runs: keep it inside the test's own folder.
        yaml.append("  admin_socket: ").append(adminSocket.orElse(dataDir.resolve("admin.sock").toString())).append('\n');
        logLevel.ifPresent(l -> yaml.append("  log_level: ").append(l).append('\n'));
        yaml.append("sources:\n").append(sources.stripTrailing().indent(2));
        yaml.append(sections);
        yaml.append("uplink:\n").append("  url: ").append(uplinkUrl).append('\n');
        batch.ifPresent(b -> yaml.append("  batch: ").append(b).append('\n'));
        backoff.ifPresent(b -> yaml.append("  backoff: ").append(b).append('\n'));
        encoding.ifPresent(e -> yaml.append("  encoding: ").append(e).append('\n'));
        inflight.ifPresent(w -> yaml.append("  inflight: ").append(w).append('\n'));
        desiredDeadline.ifPresent(d -> yaml.append("  desired_deadline: ").append(d).append('\n'));
        return yaml.toString();
    }

    /** Writes the config to {@code file} and returns it, for a launcher's {@code -c}. */
    public Path write(Path file) {
        try {
            Files.writeString(file, text());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses the config as if read from {@code file}; fails on any problem in it. */
    public OutpostConfig parse(Path file) {
        return LOADER.parse(text(), file).configOrThrow();
    }
}
