package io.outpost.store;

/** The store directory is already open, by another process or another store in this JVM. */
public final class StoreInUseException extends IllegalStateException {

    public StoreInUseException(String message) {
        super(message);
    }
}
