package io.outpost.manage;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.config.OutpostConfig;
import io.outpost.gateway.Gateway;
import io.outpost.testing.Await;
import io.outpost.testing.CloudConsumer;
import io.outpost.testing.CommandClient;
import io.outpost.testing.GatewayYaml;
import io.outpost.testing.Gateways;
import io.outpost.testing.MosquittoBroker;
import io.outpost.testing.TcpProxy;
import io.outpost.testing.TestPayloads;
import io.outpost.uplink.LinkState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway keeps an MQTT 5 session (cleanStart=false, uplink.session_expiry) through a real broker:
 * a command sent while its link is cut arrives after the reconnect and is answered, one whose Message
 * Expiry Interval passed does not arrive, and no telemetry record comes twice more often than the
 * in-flight window allows.
 */
class OfflineCommandsTest {

    private static final String P = "outpost/offline";
    private static final int INFLIGHT = 32;

    @TempDir
    Path work;

    @Test
    void aCommandSentWhileOfflineIsAnsweredAfterTheReconnectAndAnExpiredOneIsNot() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.plain(work.resolve("mosquitto"))) {
            broker.start();
            try (TcpProxy proxy = new TcpProxy(broker.port())) {
                OutpostConfig config = GatewayYaml.of("offline", work.resolve("data")).sources(GatewayYaml.SIM_COUNTER)
                        .uplink(proxy.url()).batch(10, "50ms").backoff("100ms", "500ms").parse(work.resolve("outpost.yaml"));
                try (Gateway gateway = Gateways.start(config);
                        CloudConsumer cloud = new CloudConsumer(broker.url("tcp"), P);
                        CommandClient sender = new CommandClient(broker.url("tcp"))) {
                    Await.until("gateway connected", Duration.ofSeconds(60), () -> gateway.stats().link() == LinkState.UP,
                            gateway::stats);
                    cloud.awaitUntil("telemetry", Duration.ofSeconds(30), all -> !cloud.on(P + "/telemetry").isEmpty());

                    proxy.mode(TcpProxy.Mode.SILENT);
                    proxy.cutAll();
                    Await.until("gateway offline", Duration.ofSeconds(60), () -> gateway.stats().link() != LinkState.UP,
                            gateway::stats);
                    CompletableFuture<CommandClient.Reply> expired = sender.requestExpiring(P + "/cmd/ping", "", 1);
                    TimeUnit.MILLISECONDS.sleep(2500); // waits the 1 s expiry out; asserts nothing about time
                    CompletableFuture<CommandClient.Reply> queued = sender.requestExpiring(P + "/cmd/ping", "", 300);
                    proxy.mode(TcpProxy.Mode.FORWARD);

                    String reply = queued.get(90, TimeUnit.SECONDS).text();
                    assertTrue(reply.startsWith("{\"ok\":true,\"gw\":\"offline\""), reply);
                    // The broker hands queued commands over in order, and the gateway answers in order: an expired
                    // command that had been delivered would have been answered before this one.
                    assertFalse(expired.isDone(), "a command past its Message Expiry Interval is not carried out");

                    Map<Long, Integer> times = new HashMap<>();
                    cloud.on(P + "/telemetry").forEach(r -> times.merge(TestPayloads.seqOf(r.payload()), 1, Integer::sum));
                    long twice = times.values().stream().filter(n -> n > 1).count();
                    assertTrue(twice <= INFLIGHT, twice + " records came twice: more than the in-flight window of one reconnect");
                }
            }
        }
    }
}
