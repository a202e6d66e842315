package io.outpost.uplink;

import java.util.Objects;

/**
 * Who is talking: goes into the birth and Last Will on {@code P/status}.
 *
 * @param gatewayId {@code gateway.id}
 * @param bootId changes on every start of the daemon, so a consumer can tell a restart from a reconnect
 * @param version the running Outpost version
 */
public record UplinkIdentity(String gatewayId, String bootId, String version) {

    public UplinkIdentity {
        Objects.requireNonNull(gatewayId, "gatewayId");
        Objects.requireNonNull(bootId, "bootId");
        Objects.requireNonNull(version, "version");
    }
}
