package io.outpost.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.testing.Await;
import io.outpost.testing.FreePorts;
import io.outpost.testing.GatewayYaml;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What an operator reads in the journal when the broker is not there, with and without {@code --debug}. */
class UplinkLogIT {

    private static final Duration PATIENCE = Duration.ofSeconds(90);

    @TempDir
    Path work;

    @Test
    void aBrokerThatIsNotThereWarnsOnceWithWhatToDoAndRetriesQuietly() throws Exception {
        Path config = config();
        try (DaemonProcess daemon = DaemonProcess.start(work.resolve("daemon.log"), "run", "-c", config.toString())) {
            Await.until("a few failed attempts", PATIENCE, () -> daemon.output().lines()
                    .filter(l -> l.contains("event=uplink-connect-failed")).count() >= 1
                    && daemon.output().contains("event=gateway-started"), daemon::output);
            Thread.sleep(3_000); // attempts every 100-200 ms go on meanwhile
            String out = daemon.output();
            long warned = out.lines().filter(l -> l.contains(" WARN ") && l.contains("event=uplink-connect-failed")).count();
            assertEquals(1, warned, out);
            assertTrue(out.contains("action=\"check that the broker runs and this gateway reaches it"), out);
            assertFalse(out.contains(" DEBUG "), out);
            assertFalse(out.contains("event=uplink-backoff"), "each retry is DEBUG:\n" + out);
        }
    }

    @Test
    void runWithDebugShowsTheDebugLines() throws Exception {
        Path config = config();
        try (DaemonProcess daemon = DaemonProcess.start(work.resolve("daemon.log"), "run", "--debug", "-c", config.toString())) {
            Await.until("debug lines of the connect loop", PATIENCE,
                    () -> daemon.output().lines().anyMatch(l -> l.contains(" DEBUG ") && l.contains("event=uplink-backoff")),
                    daemon::output);
            assertTrue(daemon.output().lines().anyMatch(l -> l.contains(" DEBUG ") && l.contains("event=uplink-connecting")),
                    daemon.output());
        }
    }

    @Test
    void logLevelWarnFromTheConfigLeavesOutTheInfoLinesAndDebugFromItShowsTheDebugOnes() throws Exception {
        Path warn = config("warn");
        try (DaemonProcess daemon = DaemonProcess.start(work.resolve("warn.log"), "run", "-c", warn.toString())) {
            Await.until("the first failed connect", PATIENCE,
                    () -> daemon.output().contains("event=uplink-connect-failed"), daemon::output);
            assertFalse(daemon.output().contains(" INFO "), daemon.output());
        }
        Path debug = config("debug");
        try (DaemonProcess daemon = DaemonProcess.start(work.resolve("debug.log"), "run", "-c", debug.toString())) {
            Await.until("debug lines of the connect loop", PATIENCE,
                    () -> daemon.output().lines().anyMatch(l -> l.contains(" DEBUG ") && l.contains("event=uplink-backoff")),
                    daemon::output);
        }
    }

    private Path config() throws Exception {
        return config("info");
    }

    private Path config(String level) throws Exception {
        return GatewayYaml.of("log-gw", work.resolve("data")).logLevel(level).uplink("tcp://127.0.0.1:" + FreePorts.loopback())
                .backoff("100ms", "200ms").sources(GatewayYaml.SIM_COUNTER).write(work.resolve(level + ".yaml"));
    }
}
