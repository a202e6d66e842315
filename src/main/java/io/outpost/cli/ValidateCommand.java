package io.outpost.cli;

import io.outpost.uplink.TlsFileCheck;
import io.outpost.config.ConfigProblem;
import io.outpost.config.ConfigResult;
import io.outpost.config.KeyPositions;
import io.outpost.source.opcua.OpcUaSourceConfig;
import io.outpost.config.OutpostConfig;
import io.outpost.config.SourceConfig;
import io.outpost.source.opcua.OnlineCheck;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code outpost validate}: checks a config; exit 0, or 2 with one line per problem. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check a config file: exit 0, or exit 2 with one line per problem (FILE:LINE:COL: key.path: message).")
public final class ValidateCommand implements Callable<Integer> {

    @Mixin
    ConfigOption config;

    @Option(names = "--connect", description = "Also connect to the server of each OPC UA source (endpoint, security, "
            + "credentials, own certificate and trust list in data_dir/pki, as the daemon does) and check that every "
            + "tag node exists and holds one scalar value (no arrays, no structures). Other source types have nothing "
            + "to check online. Without it, validate never touches the network.")
    boolean connect;

    @Override
    public Integer call() {
        Path file = config.resolve();
        ConfigResult result = ConfigFiles.load(file);
        if (!result.isValid()) {
            result.problems().stream().map(ConfigProblem::format).forEach(System.out::println);
            return 2;
        }
        List<ConfigProblem> tls = checkTlsFiles(result.configOrThrow());
        if (!tls.isEmpty()) {
            tls.stream().sorted().map(ConfigProblem::format).forEach(System.out::println);
            return 2;
        }
        if (connect) {
            List<ConfigProblem> online = checkOnline(result.configOrThrow());
            if (!online.isEmpty()) {
                online.stream().sorted().map(ConfigProblem::format).forEach(System.out::println);
                return 2;
            }
        }
        System.out.println(file + ": ok");
        return 0;
    }

    /** Milo's version banner at INFO is noise in a check's output; its warnings stay, and --debug shows all. */
    private static void quietOpcUaStack() {
        if (!"debug".equals(System.getProperty("org.slf4j.simpleLogger.defaultLogLevel"))) {
            System.setProperty("org.slf4j.simpleLogger.log.org.eclipse.milo", "warn");
        }
    }

    /** The uplink's TLS files, read as a connect reads them (offline: no network). */
    private static List<ConfigProblem> checkTlsFiles(OutpostConfig config) {
        List<ConfigProblem> problems = new ArrayList<>();
        config.uplink().tls().ifPresent(tls -> TlsFileCheck.check(tls).forEach(p -> problems.add(
                KeyPositions.problem(config.file(), "uplink.tls." + p.key(), p.message()))));
        return problems;
    }

    private static List<ConfigProblem> checkOnline(OutpostConfig config) {
        List<ConfigProblem> problems = new ArrayList<>();
        Path pki = config.gateway().dataDir().resolve("pki");
        quietOpcUaStack();
        for (int i = 0; i < config.sources().size(); i++) {
            SourceConfig source = config.sources().get(i);
            if (source instanceof OpcUaSourceConfig opcua) {
                System.err.println("checking source " + opcua.name() + " at " + opcua.endpoint() + " ...");
                for (OnlineCheck.Problem p : OnlineCheck.run(opcua, pki)) {
                    problems.add(KeyPositions.problem(config.file(), "sources[" + i + "]." + p.key(), p.message()));
                }
            }
        }
        return problems;
    }
}
