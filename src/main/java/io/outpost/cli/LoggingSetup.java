package io.outpost.cli;

import io.outpost.config.GatewayConfig;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.logging.LogManager;

/**
 * Logging levels for the process, set before the first logger exists. Paho logs through
 * java.util.logging, including stack traces of its own internal races on a dropped connection; the
 * uplink already reports every link change in one line, so Paho speaks only with {@code --debug}, and
 * so does Pi4J's board detection.
 */
public final class LoggingSetup {

    private LoggingSetup() {
    }

    private static final String DEFAULT_LEVEL = "org.slf4j.simpleLogger.defaultLogLevel";

    /**
     * {@code gateway.log_level}, once the config is read: for Outpost's own loggers, and as the default
     * of the libraries' (their loggers are made after this, with the gateway). {@code --debug} wins.
     */
    public static void configured(GatewayConfig.LogLevel level) {
        if ("debug".equals(System.getProperty(DEFAULT_LEVEL))) {
            return;
        }
        String name = level.name().toLowerCase(Locale.ROOT);
        System.setProperty(DEFAULT_LEVEL, name);
        System.setProperty("org.slf4j.simpleLogger.log.io.outpost", name);
    }

    public static void apply(boolean debug) {
        if (debug) {
            System.setProperty(DEFAULT_LEVEL, "debug");
        } else {
            // Pi4J narrates every context at INFO and its board detection logs ERROR lines on any machine
            // that is not a Pi (provider mock), though GPIO works without it; the GPIO source reports
            // what matters in its own lines.
            System.setProperty("org.slf4j.simpleLogger.log.com.pi4j", "warn");
            System.setProperty("org.slf4j.simpleLogger.log.com.pi4j.boardinfo", "off");
        }
        String julConfig = debug
                ? "handlers=java.util.logging.ConsoleHandler\n.level=INFO\njava.util.logging.ConsoleHandler.level=ALL\n"
                : "handlers=java.util.logging.ConsoleHandler\n.level=WARNING\norg.eclipse.paho.level=OFF\n";
        try {
            LogManager.getLogManager().readConfiguration(
                    new ByteArrayInputStream(julConfig.getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            // In-memory configuration text: cannot fail to read; the JVM defaults stay if it does.
        }
    }
}
