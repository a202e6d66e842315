package io.outpost.gateway;

import java.security.SecureRandom;
import java.util.HexFormat;

/** A random id per process start: lets consumers tell restarts apart in the telemetry. */
final class BootId {

    private BootId() {
    }

    static String next() {
        byte[] bytes = new byte[8];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
