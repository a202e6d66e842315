package io.outpost.reliability;

import java.util.List;
import java.util.Set;
import java.util.stream.LongStream;

/** Seq ranges a consumer must have received. */
final class SeqRanges {

    private SeqRanges() {
    }

    /** {@code first} to {@code last}, both included. */
    static List<Long> range(long first, long last) {
        return LongStream.rangeClosed(first, last).boxed().toList();
    }

    /** Whether {@code seqs} holds every seq from {@code first} to {@code last}, without listing them. */
    static boolean holdsAll(Set<Long> seqs, long first, long last) {
        for (long s = first; s <= last; s++) {
            if (!seqs.contains(s)) {
                return false;
            }
        }
        return true;
    }
}
