package io.outpost.gateway;

import io.outpost.config.SourceConfig;
import io.outpost.config.TagConfig;
import io.outpost.manage.ReadingRate;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.ToLongFunction;

/**
 * Each source's readings per second achieved against the rate its config asks, over a sliding window
 * of {@link #WINDOW} one-second samples (taken by the gateway's once-a-second timer), so a source that
 * falls behind shows it within seconds and a past stall fades out.
 */
final class ReadingRates {

    static final int WINDOW = 10;

    private record Count(long nanos, long readings) {
    }

    private final Map<String, OptionalDouble> asked = new LinkedHashMap<>();
    private final Map<String, Deque<Count>> counts = new LinkedHashMap<>();
    private final ToLongFunction<String> readings;

    /** @param readings a source's readings since start */
    ReadingRates(List<SourceConfig> sources, ToLongFunction<String> readings) {
        this.readings = readings;
        for (SourceConfig source : sources) {
            asked.put(source.name(), asked(source));
            counts.put(source.name(), new ArrayDeque<>());
        }
    }

    private static OptionalDouble asked(SourceConfig source) {
        double perSecond = 0;
        for (TagConfig tag : source.tags()) {
            Optional<Duration> interval = source.readingInterval(tag.name());
            if (interval.isEmpty() || interval.get().isZero()) {
                return OptionalDouble.empty();
            }
            perSecond += 1000.0 / interval.get().toMillis();
        }
        return source.tags().isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(perSecond);
    }

    /** Once a second: one count per source. */
    synchronized void tick() {
        long now = System.nanoTime();
        counts.forEach((name, window) -> {
            window.addLast(new Count(now, readings.applyAsLong(name)));
            if (window.size() > WINDOW + 1) {
                window.removeFirst();
            }
        });
    }

    synchronized ReadingRate of(String source) {
        Deque<Count> window = counts.get(source);
        if (window == null) {
            return ReadingRate.UNKNOWN;
        }
        OptionalDouble achieved = OptionalDouble.empty();
        if (window.size() >= 2) {
            Count first = window.getFirst();
            Count last = window.getLast();
            double seconds = (last.nanos() - first.nanos()) / 1e9;
            achieved = OptionalDouble.of(Math.round((last.readings() - first.readings()) / seconds * 10) / 10.0);
        }
        OptionalDouble want = asked.get(source);
        return new ReadingRate(want.isPresent() ? OptionalDouble.of(Math.round(want.getAsDouble() * 10) / 10.0) : want,
                achieved);
    }
}
