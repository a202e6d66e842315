package io.outpost.cli;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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

    public static void apply(boolean debug) {
        if (debug) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "debug");
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
