package io.outpost.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.testing.Await;
import io.outpost.testing.GatewayYaml;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The management commands of the built distribution against {@code outpost run}, through the admin socket. */
class ManageCliIT {

    @TempDir
    Path work;

    @Test
    void sighupReloadsInsteadOfStoppingAndABrokenConfigIsRefusedWithItsProblemLines() throws Exception {
        Path config = GatewayYaml.of("hup", work.resolve("data")).adminSocket("admin.sock")
                .sources(GatewayYaml.SIM_COUNTER).uplink("tcp://127.0.0.1:1").write(work.resolve("outpost.yaml"));
        try (DaemonProcess daemon = DaemonProcess.start(work.resolve("daemon.log"), "run", "-c", config.toString())) {
            Await.until("the gateway started", Duration.ofSeconds(60),
                    () -> daemon.output().contains("event=admin-socket-listening"), daemon::output);
            hup(daemon);
            Await.until("a reload with nothing changed", Duration.ofSeconds(30),
                    () -> daemon.output().contains("event=reloaded config=" + config), daemon::output);
            assertTrue(daemon.alive(), "SIGHUP must not stop the daemon:\n" + daemon.output());

            Files.writeString(config, Files.readString(config).replace("  id: hup", "  id: hup\n  colour: blue"));
            hup(daemon);
            Await.until("the broken config refused", Duration.ofSeconds(30),
                    () -> daemon.output().contains("event=reload-refused"), daemon::output);
            String refused = daemon.output().lines().filter(l -> l.contains("event=reload-refused")).findFirst().orElseThrow();
            assertTrue(refused.contains(config + ":") && refused.contains("gateway.colour"), refused);

            DaemonProcess.Result cli = DaemonProcess.run(work, "reload", "-c", config.toString());
            assertEquals(2, cli.exitCode(), cli.output());
            assertTrue(cli.output().contains("gateway.colour"), cli.output());
            assertTrue(daemon.alive(), daemon.output());
        }
    }

    @Test
    void outpostAloneIsBadUsageAndPkiAloneSaysWhatItNeedsOnce() throws Exception {
        DaemonProcess.Result alone = DaemonProcess.run(work);
        assertEquals(2, alone.exitCode(), alone.output());
        assertTrue(alone.output().contains("Usage: outpost") && alone.output().contains("outpost: a command is needed"),
                alone.output());

        DaemonProcess.Result pki = DaemonProcess.run(work, "pki");
        assertEquals(2, pki.exitCode(), pki.output());
        assertTrue(pki.output().contains("outpost: pki needs a subcommand"), pki.output());
        assertFalse(pki.output().contains("outpost: outpost"), pki.output());
    }

    private static void hup(DaemonProcess daemon) throws Exception {
        Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(daemon.pid())).inheritIO().start();
        assertTrue(kill.waitFor(30, TimeUnit.SECONDS) && kill.exitValue() == 0, "kill -HUP");
    }
}
