package io.outpost.store;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A small named state that rides with an append ({@link RecordStore#append(io.outpost.value.Lane,
 * java.util.function.LongFunction, StoreState)}): committed in the same transaction as the record, so
 * after a crash both are on disk or neither is. The last committed value per name is read back with
 * {@link RecordStore#state(String)}. The store keeps {@code bytes} as given; the caller must not change
 * them afterwards.
 */
public record StoreState(String name, byte[] bytes) {

    /** What one state may hold: it is rewritten with each record that carries it. */
    public static final int MAX_BYTES = 64 * 1024;
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9.-]{0,63}");

    /** @throws IllegalArgumentException when the name is not 1-64 of {@code a-z 0-9 . -} or the bytes are above {@link #MAX_BYTES} */
    public StoreState {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(bytes, "bytes");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("store state name \"" + name + "\" is not 1-64 of a-z, 0-9, '.', '-'");
        }
        if (bytes.length > MAX_BYTES) {
            throw new IllegalArgumentException("store state " + name + " is " + bytes.length + " bytes, above the "
                    + MAX_BYTES + " a store state may hold: not stored, nor its record");
        }
    }
}
