package io.outpost.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.testing.CloudConsumer;
import io.outpost.testing.CommandClient;
import io.outpost.testing.GatewayYaml;
import io.outpost.testing.MosquittoBroker;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code outpost run} from the built distribution on this machine, which has no GPIO chip: a
 * {@code provider: auto} GPIO source fails alone with the message that names the provider and the
 * fix, and the daemon goes on with its other sources and answers commands, including for a mock panel.
 */
class GpioDaemonIT {

    private static final String PREFIX = "outpost/gpio-daemon";
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final String NO_CHIP = "source 'board': provider auto: no GPIO chip (/dev/gpiochip* missing); "
            + "on a Raspberry Pi check the kernel (Raspberry Pi OS Bookworm has it), elsewhere use provider: mock";

    @TempDir
    Path work;

    @Test
    void aGpioSourceWithoutAChipIsReportedDownAndTheDaemonKeepsRunningItsOtherSources() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.plain(work.resolve("mosquitto"))) {
            broker.start();
            Path config = GatewayYaml.of("gpio-daemon", work.resolve("data")).adminSocket("admin.sock")
                    .sources("""
                            - name: board
                              type: gpio
                              provider: auto
                              tags:
                                - { name: door, pin: 17, pull: up, debounce: 20ms }
                            - name: panel
                              type: gpio
                              provider: mock
                              tags:
                                - { name: lamp, pin: 22, direction: output }
                            """, GatewayYaml.SIM_COUNTER)
                    .uplink(broker.url("tcp")).batch(100, "50ms")
                    .write(work.resolve("outpost.yaml"));
            try (CloudConsumer cloud = new CloudConsumer(broker.url("tcp"), PREFIX);
                    DaemonProcess daemon = DaemonProcess.start(work.resolve("daemon.log"), "run", "-c", config.toString())) {
                cloud.awaitUntil("the source-down event and the simulator's telemetry", PATIENCE, all ->
                        cloud.on(PREFIX + "/events").stream().anyMatch(r -> r.text().contains("\"type\":\"source-down\"")
                                && r.text().contains("\"reason\":\"" + NO_CHIP + "\""))
                        && cloud.on(PREFIX + "/telemetry").stream().anyMatch(r -> r.text().contains("\"t\":\"sim/counter\"")));
                try (CommandClient requester = new CommandClient(broker.url("tcp"))) {
                    assertEquals("{\"ok\":true,\"tag\":\"panel/lamp\",\"value\":true}",
                            requester.request(PREFIX + "/cmd/set-output", "{\"tag\":\"panel/lamp\",\"value\":true}").text());
                }
                assertTrue(daemon.alive(), daemon.output());
                assertTrue(daemon.output().contains(NO_CHIP), daemon.output());
                int exit = daemon.terminate();
                assertTrue(exit == 0 || exit == 143, "SIGTERM should stop the daemon in order, exit " + exit);
                assertTrue(daemon.output().contains("event=gpio-safe-state source=panel tag=lamp state=low"), daemon.output());
            }
        }
    }
}
