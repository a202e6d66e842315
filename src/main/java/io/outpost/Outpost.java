package io.outpost;

import io.outpost.cli.DemoCommand;
import io.outpost.cli.ErrorReporting;
import io.outpost.cli.LoggingSetup;
import io.outpost.cli.OtaCommand;
import io.outpost.cli.PkiCommand;
import io.outpost.cli.RunCommand;
import io.outpost.cli.QueueCommand;
import io.outpost.cli.ReloadCommand;
import io.outpost.cli.SetCommand;
import io.outpost.cli.TagsCommand;
import io.outpost.cli.StatusCommand;
import io.outpost.cli.UsageProblem;
import io.outpost.cli.ValidateCommand;
import io.outpost.cli.VersionCommand;
import io.outpost.ops.NativeLibraries;
import io.outpost.value.BuildInfo;
import java.util.Arrays;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code outpost} command: the daemon and its management CLI. */
@Command(name = "outpost",
        mixinStandardHelpOptions = true,
        versionProvider = Outpost.Version.class,
        description = "Edge gateway: polls devices, keeps every sample on disk, syncs to an MQTT 5 broker.",
        subcommands = {RunCommand.class, DemoCommand.class, ValidateCommand.class, StatusCommand.class, TagsCommand.class,
                QueueCommand.class, SetCommand.class, ReloadCommand.class, VersionCommand.class,
                PkiCommand.class, OtaCommand.class, CommandLine.HelpCommand.class})
public final class Outpost implements Runnable {

    @Option(names = "--debug", scope = CommandLine.ScopeType.INHERIT,
            description = "Log at debug level and show stack traces.")
    boolean debug;

    /** {@code outpost} alone is bad usage (exit 2, SPEC §1): the usage on stderr, then one line saying what is missing. */
    @Override
    public void run() {
        new CommandLine(this).usage(System.err);
        throw new UsageProblem("a command is needed, e.g. outpost status; the commands are listed above");
    }

    public static void main(String[] args) {
        NativeLibraries.directory().ifPresent(NativeLibraries::useBundled);
        System.exit(execute(args));
    }

    /** Runs the CLI and returns its exit code: 0 ok, 1 runtime failure, 2 bad usage or config. */
    public static int execute(String... args) {
        boolean debug = Arrays.asList(args).contains("--debug");
        LoggingSetup.apply(debug);
        CommandLine cli = new CommandLine(new Outpost());
        cli.setExecutionExceptionHandler(new ErrorReporting(debug));
        return cli.execute(args);
    }

    /** Supplies {@code --version}. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"outpost " + BuildInfo.load().version()};
        }
    }
}
