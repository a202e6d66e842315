package io.outpost.uplink;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * A client operation failed; the message is already in an operator's words.
 * {@link #connectionLost()} tells a client that refused because its connection is gone from one
 * that refused this one message (too large, too many in flight).
 *
 * <p>Immutable.
 */
final class TransportException extends Exception {

    private final boolean connectionLost;
    private final boolean busy;

    TransportException(String message, boolean connectionLost) {
        this(message, connectionLost, false);
    }

    private TransportException(String message, boolean connectionLost, boolean busy) {
        super(message);
        this.connectionLost = connectionLost;
        this.busy = busy;
    }

    /** The client took nothing because its in-flight window (the broker's Receive Maximum) is full: try again later. */
    static TransportException busy(String message) {
        return new TransportException(message, false, true);
    }

    boolean connectionLost() {
        return connectionLost;
    }

    /** Whether the publish may simply be tried again once an acknowledgement frees a slot. */
    boolean busy() {
        return busy;
    }

    /** The words of a failure a future of the seam completed with: a {@link TransportException}'s message, or the defect itself. */
    static String reasonOf(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage() != null ? cause.getMessage() : cause.toString();
    }
}
