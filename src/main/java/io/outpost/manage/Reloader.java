package io.outpost.manage;

import java.util.Map;

/** Re-reads the daemon's config and applies what changed ({@code reload}: the socket, {@code P/cmd/reload}, SIGHUP). */
@FunctionalInterface
public interface Reloader {

    /**
     * @return the reply's fields: what changed and was applied
     * @throws CommandRefusedException when the config fails validation or cannot be applied; the old one runs on
     */
    Map<String, Object> reload() throws CommandRefusedException;
}
