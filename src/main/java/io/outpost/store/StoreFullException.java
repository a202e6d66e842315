package io.outpost.store;

/** An append refused because the store is at {@code store.max_size} and the policy is {@code reject-new}. */
public final class StoreFullException extends RuntimeException {

    public StoreFullException(String message) {
        super(message);
    }
}
