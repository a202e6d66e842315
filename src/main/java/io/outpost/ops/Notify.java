package io.outpost.ops;

import java.io.IOException;

/** Where service-manager notifications go: the native sender, or nowhere. */
interface Notify {

    /** Says nothing to anyone: not started by systemd, or the native sender is not installed. */
    Notify NONE = state -> { };

    /** Sends one notification ({@code KEY=value} lines) as one datagram. */
    void send(String state) throws IOException;
}
