package io.outpost.store;

/**
 * The store could not make a record durable: the commit failed (full disk, I/O error) or the store is
 * closed. The record was not accepted; the store stays usable and later appends are tried afresh.
 */
public final class StoreUnavailableException extends IllegalStateException {

    public StoreUnavailableException(String message) {
        super(message);
    }

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
