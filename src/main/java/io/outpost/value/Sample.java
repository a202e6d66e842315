package io.outpost.value;

import java.util.Objects;

/** One reading of one tag. Immutable once made. */
public record Sample(TagId tag, long tsMillis, Value value, Quality quality) {

    public Sample {
        Objects.requireNonNull(tag, "tag");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(quality, "quality");
    }
}
