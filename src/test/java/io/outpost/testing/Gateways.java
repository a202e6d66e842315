package io.outpost.testing;

import io.outpost.config.OutpostConfig;
import io.outpost.value.BuildInfo;
import io.outpost.gateway.Gateway;
import io.outpost.uplink.LinkState;
import java.time.Duration;

/** Starts the gateway under test in-process, as the daemon does, and waits for its link. */
public final class Gateways {

    /** A loaded machine can take a while to start the broker connection; this only bounds a hang. */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(60);

    private Gateways() {
    }

    public static Gateway start(OutpostConfig config) {
        return Gateway.start(config, BuildInfo.load(), System::currentTimeMillis);
    }

    public static void awaitLinkUp(Gateway gateway) {
        Await.until("gateway connected", CONNECT_TIMEOUT, () -> gateway.stats().link() == LinkState.UP,
                () -> gateway.stats().uplink());
    }
}
