package io.outpost.cli;

import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/** {@code -c FILE}: the config file, else {@code $OUTPOST_CONFIG}, else {@code /etc/outpost/outpost.yaml}. */
public final class ConfigOption {

    static final Path DEFAULT = Path.of("/etc/outpost/outpost.yaml");

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "Config file (default: $OUTPOST_CONFIG, else /etc/outpost/outpost.yaml).")
    Path file;

    /** The file to use, resolved as SPEC §1 says. */
    public Path resolve() {
        return resolve(System.getenv());
    }

    Path resolve(Map<String, String> env) {
        if (file != null) {
            return file;
        }
        String fromEnv = env.get("OUTPOST_CONFIG");
        return fromEnv != null && !fromEnv.isBlank() ? Path.of(fromEnv) : DEFAULT;
    }
}
