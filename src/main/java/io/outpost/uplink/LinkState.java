package io.outpost.uplink;

/** The broker connection as the uplink sees it. */
public enum LinkState {
    /** Not connected: waiting out a backoff delay, or closed. */
    DOWN,
    /** A connect attempt is in progress (TCP, TLS, CONNECT/CONNACK, birth). */
    CONNECTING,
    /** Connected, birth acknowledged, records flowing. */
    UP
}
