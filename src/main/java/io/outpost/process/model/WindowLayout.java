package io.outpost.process.model;

/**
 * How a model takes its windows (docs/models.md): {@code [batch, window × inputs]} or
 * {@code [batch, inputs, window]}. Both hold input 0's window first, oldest sample first, then input
 * 1's, so the same float array feeds either; only the declared shape differs.
 */
enum WindowLayout {
    FLAT, CHANNELS;

    /** The layout a declared input shape stands for, if any; a dimension of -1 (named or dynamic) fits any size. */
    static java.util.Optional<WindowLayout> of(long[] declared, int inputs, int window) {
        if (declared.length == 2 && fits(declared[0], 1) && fits(declared[1], (long) inputs * window)) {
            return java.util.Optional.of(FLAT);
        }
        if (declared.length == 3 && fits(declared[0], 1) && fits(declared[1], inputs) && fits(declared[2], window)) {
            return java.util.Optional.of(CHANNELS);
        }
        return java.util.Optional.empty();
    }

    /** The shape of one window's tensor, batch 1. */
    long[] shape(int inputs, int window) {
        return this == FLAT ? new long[] {1, (long) inputs * window} : new long[] {1, inputs, window};
    }

    private static boolean fits(long declared, long size) {
        return declared < 0 || declared == size;
    }
}
