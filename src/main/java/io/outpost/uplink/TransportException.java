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

    TransportException(String message, boolean connectionLost) {
        super(message);
        this.connectionLost = connectionLost;
    }

    boolean connectionLost() {
        return connectionLost;
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
