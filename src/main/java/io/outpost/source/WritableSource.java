package io.outpost.source;

import io.outpost.value.Value;

/**
 * A source whose tags can be written: GPIO outputs, Modbus holding registers and coils. Writes come
 * from the {@code set-output} command; the caller gets the value read back from the device.
 */
public interface WritableSource extends Source {

    /**
     * Writes {@code value} to this source's tag {@code tagName} and returns the value read back after
     * the write. Blocks at most the source's own timeout.
     *
     * @throws WriteRefusedException when the tag is unknown or read-only, the value does not fit the
     *     tag, or the device refused or did not answer; the message names the tag and the reason
     */
    Value write(String tagName, Value value);
}
