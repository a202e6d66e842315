package io.outpost.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code outpost demo}: the whole job end to end on one machine. The demo's broker and devices live
 * in {@code lib/demo/}, loaded here in their own class loader, so nothing of them is on the daemon's
 * class path (and none of it ships in the package).
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "A self-contained tour: simulated devices, an in-process MQTT 5 broker as the cloud, "
                + "a scripted broker outage, the shipped model on a machine whose bearing fails halfway with an alarm "
                + "on its score, and a final verdict (produced = delivered, lost = 0; the alarm raised during the fault "
                + "and cleared after it).")
public final class DemoCommand implements Callable<Integer> {

    static final String DEMO_MAIN = "io.outpost.demo.Demo";

    @Option(names = "--seconds", defaultValue = "40", description = "How long the demo runs (default: ${DEFAULT-VALUE}; at least 20).")
    int seconds;

    @Override
    public Integer call() throws Exception {
        if (seconds < 20) {
            throw new UsageProblem("--seconds must be at least 20 (the broker outage alone takes 10 s)");
        }
        // The per-second lines tell the story; the gateway's own log only speaks up for trouble.
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        ClassLoader loader = demoLoader();
        Thread.currentThread().setContextClassLoader(loader);
        Method run = Class.forName(DEMO_MAIN, true, loader).getMethod("run", int.class, PrintStream.class);
        try {
            return (Integer) run.invoke(null, seconds, System.out);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    /** The demo's own loader from {@code $OUTPOST_HOME/lib/demo}; without an installation, the class path (tests). */
    private static ClassLoader demoLoader() throws IOException {
        String home = System.getProperty("outpost.home");
        if (home == null) {
            return DemoCommand.class.getClassLoader();
        }
        Path dir = Path.of(home, "lib", "demo");
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("the demo is not part of this installation (" + dir + " is missing); "
                    + "run it from a source checkout with ./outpost demo");
        }
        try (Stream<Path> jars = Files.list(dir)) {
            return new IsolatedLoader(jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList(),
                    DemoCommand.class.getClassLoader());
        }
    }
}
