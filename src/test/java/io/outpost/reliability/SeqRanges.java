package io.outpost.reliability;

import java.util.List;
import java.util.stream.LongStream;

/** Seq ranges a consumer must have received. */
final class SeqRanges {

    private SeqRanges() {
    }

    /** {@code first} to {@code last}, both included. */
    static List<Long> range(long first, long last) {
        return LongStream.rangeClosed(first, last).boxed().toList();
    }
}
