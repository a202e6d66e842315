package io.outpost.demo;

import io.outpost.gateway.Gateway;
import io.outpost.store.LaneStats;
import io.outpost.threads.DaemonThreads;
import io.outpost.value.Lane;
import java.io.PrintStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.eclipse.paho.mqttv5.common.MqttException;

/**
 * The demo's scripted outage: cut the link, stop the broker, wait, start it again, reconnect the
 * consumer, restore the link. Stopping and starting the broker take seconds, so the script runs on
 * its own thread ({@code demo-outage}) and the status line keeps its one line a second.
 *
 * <p>Thread ownership: the script's thread does all of the outage; the line thread reads only
 * {@link #brokerUp()} and waits for the end in {@link #awaitEnd()}.
 */
final class BrokerOutage {

    static final int RECONNECT_ATTEMPTS = 3;

    private final EmbeddedBroker broker;
    private final LinkRelay link;
    private final DemoConsumer cloud;
    private final Gateway gateway;
    private final PrintStream out;
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private volatile boolean brokerUp = true;
    private boolean begun;

    BrokerOutage(EmbeddedBroker broker, LinkRelay link, DemoConsumer cloud, Gateway gateway, PrintStream out) {
        this.broker = broker;
        this.link = link;
        this.cloud = cloud;
        this.gateway = gateway;
        this.out = out;
    }

    /**
     * Starts the outage now; the broker starts again {@code backAtSecond} seconds after
     * {@code startedNanos} (or at once, if stopping it took longer). Once only.
     */
    synchronized void begin(long startedNanos, int backAtSecond) {
        if (begun) {
            return;
        }
        begun = true;
        DaemonThreads.newThread("demo-outage", () -> {
            try {
                run(startedNanos, backAtSecond);
                ended.complete(null);
            } catch (Exception | Error e) {
                ended.completeExceptionally(e);
            }
        }).start();
    }

    /** Whether the broker runs, as the status line shows it. */
    boolean brokerUp() {
        return brokerUp;
    }

    /** Waits until the broker is back and the link restored (at once when the outage never began). */
    void awaitEnd() throws Exception {
        synchronized (this) {
            if (!begun) {
                return;
            }
        }
        try {
            ended.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    private void run(long startedNanos, int backAtSecond) throws Exception {
        link.cut();
        awaitAcknowledgedDelivered();
        broker.stop();
        brokerUp = false;
        out.println("outpost demo: -- broker stopped (the gateway keeps queueing on disk) --");
        Demo.sleepUntil(startedNanos, backAtSecond);
        broker.start();
        reconnect();
        link.restore();
        brokerUp = true;
        out.println("outpost demo: -- broker back --");
    }

    /**
     * An in-memory broker that stops forgets messages it acknowledged but had not yet passed on; a
     * real cloud broker keeps them. So, with the link cut, wait until the consumer holds everything the
     * broker acknowledged (every seq below the oldest still queued) before stopping it.
     */
    private void awaitAcknowledgedDelivered() throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            LaneStats telemetry = gateway.stats().lanes().get(Lane.TELEMETRY);
            long acknowledgedUpTo = telemetry.depth() == 0 ? telemetry.lastSeq() : telemetry.firstSeq() - 1;
            if (cloud.missingUpTo(acknowledgedUpTo) == 0) {
                return;
            }
            Thread.sleep(50);
        }
    }

    /**
     * On a busy machine a broker that has just started may drop the consumer's first connection; the
     * link is still cut, so nothing reaches the broker meanwhile and trying again loses nothing.
     */
    private void reconnect() throws MqttException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                cloud.connect();
                return;
            } catch (MqttException e) {
                if (attempt == RECONNECT_ATTEMPTS) {
                    throw e;
                }
                Thread.sleep(1000);
            }
        }
    }
}
