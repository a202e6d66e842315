package io.outpost.ota;

/** Where the last update got to, for {@code outpost ota status}: a state, its version, bytes fetched, a message. */
public record UpdateStatus(State state, String version, long bytes, long size, String message) {

    public enum State { IDLE, DOWNLOADING, INSTALLING, INSTALLED, REFUSED, FAILED }

    static final UpdateStatus IDLE = new UpdateStatus(State.IDLE, "", 0, 0, "");
}
