package io.outpost.source;

/** A write that did not happen; the message says which tag and why, for the command's reply. */
public final class WriteRefusedException extends RuntimeException {

    public WriteRefusedException(String message) {
        super(message);
    }

    public WriteRefusedException(String message, Throwable cause) {
        super(message, cause);
    }
}
