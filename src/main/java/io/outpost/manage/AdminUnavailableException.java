package io.outpost.manage;

import java.io.IOException;
import java.nio.file.Path;

/** The admin socket could not be used; the message names the socket and why. */
public final class AdminUnavailableException extends IOException {

    private final Path socket;
    private final boolean noDaemon;

    private AdminUnavailableException(Path socket, String message, boolean noDaemon) {
        super(message);
        this.socket = socket;
        this.noDaemon = noDaemon;
    }

    /** Nobody serves {@code socket}: no socket file, a stale one, or no reply in time. */
    static AdminUnavailableException noDaemon(Path socket, String reason) {
        return new AdminUnavailableException(socket, "no outpost daemon answers on " + socket + " (" + reason + ")", true);
    }

    /** The socket is there but this user may not use it, or it failed otherwise. */
    static AdminUnavailableException refused(Path socket, String message) {
        return new AdminUnavailableException(socket, message, false);
    }

    public Path socket() {
        return socket;
    }

    /** Whether starting a daemon (or pointing at the right config) is what would help. */
    public boolean noDaemon() {
        return noDaemon;
    }
}
