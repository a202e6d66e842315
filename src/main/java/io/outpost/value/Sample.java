package io.outpost.value;

import java.util.Objects;
import java.util.Optional;

/**
 * One reading of one tag. Immutable once made.
 *
 * <p>A {@link Quality#BAD} sample has no reading: its {@code value} is {@link Value#NONE}, or what its
 * source knows about the failure (an OPC UA server's status text), never a value to use. {@link #reading}
 * is the one place that says so, for the exception filter and the record encoding alike.
 */
public record Sample(TagId tag, long tsMillis, Value value, Quality quality) {

    public Sample {
        Objects.requireNonNull(tag, "tag");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(quality, "quality");
        if (value == Value.NONE && quality != Quality.BAD) {
            throw new IllegalArgumentException("a " + quality.wireName() + " sample of " + tag + " needs a value");
        }
    }

    /** The value a consumer gets: empty for a bad sample (SPEC §4: {@code "v":null}). */
    public Optional<Value> reading() {
        return quality == Quality.BAD ? Optional.empty() : Optional.of(value);
    }
}
