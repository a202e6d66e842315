package io.outpost.source.simulator;

import io.outpost.value.Quality;
import io.outpost.value.Sample;
import io.outpost.value.TagId;
import io.outpost.value.SampleSink;
import io.outpost.source.Source;
import io.outpost.source.SourceHealth;
import io.outpost.source.SourceScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * {@code type: simulator}: synthetic signals. Tags that share an interval share one scheduled tick,
 * so a thousand 1 Hz tags cost one task, not a thousand.
 */
public final class SimulatorSource implements Source {

    private final SimulatorSourceConfig config;
    private final SourceScheduler scheduler;
    private final LongSupplier clock;
    private final List<ScheduledFuture<?>> ticks = new ArrayList<>();
    private final AtomicLong reads = new AtomicLong();
    private final AtomicLong missedTicks = new AtomicLong();

    public SimulatorSource(SimulatorSourceConfig config, SourceScheduler scheduler, LongSupplier clock) {
        this.config = config;
        this.scheduler = scheduler;
        this.clock = clock;
    }

    @Override
    public String name() {
        return config.name();
    }

    @Override
    public synchronized void start(SampleSink sink) {
        Map<Duration, List<Generated>> byInterval = new LinkedHashMap<>();
        long started = clock.getAsLong();
        for (SimulatorTagConfig tag : config.tags()) {
            TagId id = new TagId(config.name(), tag.name());
            byInterval.computeIfAbsent(tag.interval(), k -> new ArrayList<>())
                    .add(new Generated(id, new SignalGenerator(tag, id.toString().hashCode(), started)));
        }
        byInterval.forEach((interval, tags) -> ticks.add(scheduler.every(interval, "simulator:" + name(), missedTicks,
                () -> scheduler.timed(name(), () -> {
                    long now = clock.getAsLong();
                    for (Generated g : tags) {
                        sink.accept(new Sample(g.id, now, g.generator.valueAt(now), Quality.GOOD));
                    }
                    reads.addAndGet(tags.size());
                }))));
    }

    @Override
    public SourceHealth health() {
        return new SourceHealth(true, reads.get(), 0, missedTicks.get(), Optional.empty(), List.of());
    }

    @Override
    public synchronized void close() {
        ticks.forEach(t -> t.cancel(false));
        ticks.clear();
    }

    private record Generated(TagId id, SignalGenerator generator) {
    }
}
