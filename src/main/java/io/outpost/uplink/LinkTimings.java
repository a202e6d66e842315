package io.outpost.uplink;

import java.time.Duration;
import java.util.Objects;

/**
 * Timings of the link that are not in the config file.
 *
 * @param connectTimeout a connect attempt (TCP, TLS, CONNECT to CONNACK, birth PUBACK) that takes
 *     longer is abandoned; Paho itself never times out a broker that accepts TCP and then stays silent
 * @param stablePeriod a connection that stayed up this long resets the backoff to its first step;
 *     a shorter one keeps climbing, so a broker that accepts and then drops us is not hammered
 * @param keepAlive MQTT keep-alive; a silently dead link is noticed after about 1.5 times this
 * @param closeGrace on {@link MqttUplink#close()}, how long to wait for PUBACKs in flight and the offline status
 */
public record LinkTimings(Duration connectTimeout, Duration stablePeriod, Duration keepAlive, Duration closeGrace) {

    public static final LinkTimings DEFAULTS =
            new LinkTimings(Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(2));

    public LinkTimings {
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(stablePeriod, "stablePeriod");
        Objects.requireNonNull(keepAlive, "keepAlive");
        Objects.requireNonNull(closeGrace, "closeGrace");
        if (connectTimeout.toMillis() <= 0 || keepAlive.getSeconds() < 1) {
            throw new IllegalArgumentException("connectTimeout must be positive and keepAlive at least 1s");
        }
    }
}
