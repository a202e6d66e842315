package io.outpost.source.gpio;

import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.DigitalStateChangeEvent;
import com.pi4j.io.gpio.digital.DigitalStateChangeListener;
import io.outpost.value.Quality;
import io.outpost.value.Sample;
import io.outpost.value.TagId;
import io.outpost.value.Value;
import io.outpost.value.SampleSink;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * One input pin: every edge Pi4J reports becomes a sample, through a debounce filter when one is set.
 *
 * <p>The filter is ours, not Pi4J's: its mock pins apply no debounce at all, and one filter for every
 * provider means a config behaves on a laptop as on the Pi. A change is sent once the pin has stayed
 * at its new level for {@code debounce}; a pulse shorter than that (contact bounce) is never sent.
 * Each change is stamped with the time of the edge that started the stable level. At most one
 * settle check per pin is scheduled at a time, so a chattering contact cannot flood the timer.
 *
 * <p>Edges arrive on Pi4J's thread (or the caller's, for mock pins), settle checks on the source's
 * timer thread; both go through this object's monitor.
 */
final class InputPin implements DigitalStateChangeListener {

    private final TagId id;
    private final DigitalInput input;
    private final boolean invert;
    private final long debounceNanos;
    private final SampleSink sink;
    private final LongSupplier clock;
    private final ScheduledExecutorService timer;

    private Boolean lastSent;
    private boolean latest;
    private long latestAtMillis;
    private long latestAtNanos;
    private boolean settlePending;

    InputPin(TagId id, DigitalInput input, boolean invert, Duration debounce, SampleSink sink, LongSupplier clock,
            ScheduledExecutorService timer) {
        this.id = id;
        this.input = input;
        this.invert = invert;
        this.debounceNanos = debounce.toNanos();
        this.sink = sink;
        this.clock = clock;
        this.timer = timer;
    }

    /**
     * Sends the level the pin has now, then follows its edges. The listener goes on first: an edge
     * that comes while the level is read waits for this monitor and is then taken like any other.
     */
    synchronized void start() {
        input.addListener(this);
        latest = logical(input.state());
        latestAtMillis = clock.getAsLong();
        latestAtNanos = System.nanoTime();
        send();
    }

    /**
     * Offers the last level sent again, stamped now, for {@code max_age}: a pin that never changes
     * sends no edges, and the exception filter can only repeat what it is offered. Skipped while a
     * change is being debounced.
     */
    synchronized void repeat() {
        if (lastSent != null && !settlePending) {
            sink.accept(new Sample(id, clock.getAsLong(), Value.of(lastSent), Quality.GOOD));
        }
    }

    void stop() {
        input.removeListener(this);
    }

    @Override
    public void onDigitalStateChange(DigitalStateChangeEvent event) {
        synchronized (this) {
            latest = logical(event.state());
            latestAtMillis = clock.getAsLong();
            latestAtNanos = System.nanoTime();
            if (debounceNanos == 0) {
                send();
            } else if (!settlePending) {
                settlePending = true;
                timer.schedule(this::settle, debounceNanos, TimeUnit.NANOSECONDS);
            }
        }
    }

    private synchronized void settle() {
        long quietFor = System.nanoTime() - latestAtNanos;
        if (quietFor < debounceNanos) {
            timer.schedule(this::settle, debounceNanos - quietFor, TimeUnit.NANOSECONDS);
            return;
        }
        settlePending = false;
        send();
    }

    private void send() {
        if (lastSent != null && lastSent == latest) {
            return;
        }
        lastSent = latest;
        sink.accept(new Sample(id, latestAtMillis, Value.of(latest), Quality.GOOD));
    }

    private boolean logical(DigitalState state) {
        return (state == DigitalState.HIGH) != invert;
    }
}
