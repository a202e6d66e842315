package io.outpost.source.gpio;

import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import io.outpost.source.gpio.GpioTagConfig.SafeState;
import io.outpost.value.Quality;
import io.outpost.value.Sample;
import io.outpost.value.TagId;
import io.outpost.value.Value;
import io.outpost.value.SampleSink;
import io.outpost.source.WriteRefusedException;
import java.util.Locale;
import java.util.function.LongSupplier;

/** One output pin: driven by writes, its level read back and sent as a sample after each one. */
final class OutputPin {

    private final TagId id;
    private final DigitalOutput output;
    private final boolean invert;
    private final SafeState safe;
    private final SampleSink sink;
    private final LongSupplier clock;

    OutputPin(TagId id, DigitalOutput output, boolean invert, SafeState safe, SampleSink sink, LongSupplier clock) {
        this.id = id;
        this.output = output;
        this.invert = invert;
        this.safe = safe;
        this.sink = sink;
        this.clock = clock;
    }

    /** Sends the level the output was initialized to. */
    synchronized void start() {
        send(readBack());
    }

    /** Offers the level again, stamped now, for {@code max_age} (the exception filter decides). */
    synchronized void repeat() {
        send(readBack());
    }

    /** Drives the pin to the logical {@code value} and returns the level read back. */
    synchronized Value write(Value value) {
        if (!(value instanceof Value.Bool on)) {
            throw new WriteRefusedException("tag " + id + " is a GPIO output: its value is true or false, not " + describe(value));
        }
        try {
            output.state(on.value() != invert ? DigitalState.HIGH : DigitalState.LOW);
        } catch (RuntimeException e) {
            throw new WriteRefusedException("tag " + id + ": the pin could not be set: " + e.getMessage(), e);
        }
        Value now = readBack();
        send(now);
        return now;
    }

    /** Puts the pin in its safe state; {@code hold} leaves it as it is. Returns what was done, for the log. */
    synchronized String applySafe() {
        if (safe == SafeState.HOLD) {
            return "hold";
        }
        output.state(safe == SafeState.HIGH ? DigitalState.HIGH : DigitalState.LOW);
        return safe.name().toLowerCase(Locale.ROOT);
    }

    private Value readBack() {
        return Value.of((output.state() == DigitalState.HIGH) != invert);
    }

    private void send(Value value) {
        sink.accept(new Sample(id, clock.getAsLong(), value, Quality.GOOD));
    }

    private static String describe(Value value) {
        if (value instanceof Value.Text text) {
            return "the string \"" + text.value() + "\"";
        }
        return value instanceof Value.Int i ? String.valueOf(i.value()) : String.valueOf(value.asDouble());
    }
}
