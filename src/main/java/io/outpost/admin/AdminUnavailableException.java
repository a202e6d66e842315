package io.outpost.admin;

import java.io.IOException;
import java.nio.file.Path;

/** No daemon answered on the admin socket; the message names the socket and why. */
public final class AdminUnavailableException extends IOException {

    private final Path socket;

    AdminUnavailableException(Path socket, String reason) {
        super("no outpost daemon answers on " + socket + " (" + reason + ")");
        this.socket = socket;
    }

    public Path socket() {
        return socket;
    }
}
