package io.outpost.manage;

import java.util.OptionalDouble;

/**
 * A source's readings per second: asked by its config (the sum over its tags of one reading per interval;
 * empty for sources that report on change), and achieved over the last seconds (empty until measured).
 */
public record ReadingRate(OptionalDouble asked, OptionalDouble achieved) {

    public static final ReadingRate UNKNOWN = new ReadingRate(OptionalDouble.empty(), OptionalDouble.empty());
}
