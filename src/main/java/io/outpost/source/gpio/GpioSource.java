package io.outpost.source.gpio;

import io.outpost.threads.DaemonThreads;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.PullResistance;
import io.outpost.source.gpio.GpioTagConfig.Direction;
import io.outpost.source.gpio.GpioTagConfig.Level;
import io.outpost.source.gpio.GpioTagConfig.SafeState;
import io.outpost.value.TagId;
import io.outpost.value.Value;
import io.outpost.value.SampleSink;
import io.outpost.source.SourceHealth;
import io.outpost.source.WritableSource;
import io.outpost.source.WriteRefusedException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code type: gpio}: the gateway's own pins through Pi4J 2. Inputs are event driven (no polling):
 * the level at start, then every edge, debounced by {@link InputPin}. Outputs start at their
 * {@code initial} level, are set by {@link #write} (the {@code set-output} command) and go to their
 * {@code safe} level on {@link #close()}. A tag with {@code max_age} is offered again every quarter of
 * it, since a pin that does not change produces nothing to repeat.
 *
 * <p>Everything is acquired in {@link #start}: a pin that cannot be had (no chip, no permission, busy)
 * fails this source alone, with a message naming the pin and the fix, and releases what it took.
 */
public final class GpioSource implements WritableSource {

    private static final Logger log = LoggerFactory.getLogger(GpioSource.class);

    private final GpioSourceConfig config;
    private final LongSupplier clock;
    private final GpioContexts contexts;
    private final Map<String, InputPin> inputs = new LinkedHashMap<>();
    private final Map<String, OutputPin> outputs = new LinkedHashMap<>();
    private final AtomicLong samples = new AtomicLong();
    private Context context;
    private ScheduledThreadPoolExecutor timer;
    private volatile boolean running;

    public GpioSource(GpioSourceConfig config, LongSupplier clock) {
        this(config, clock, GpioContexts.system());
    }

    GpioSource(GpioSourceConfig config, LongSupplier clock, GpioContexts contexts) {
        this.config = config;
        this.clock = clock;
        this.contexts = contexts;
    }

    @Override
    public String name() {
        return config.name();
    }

    @Override
    public synchronized void start(SampleSink sink) {
        SampleSink counted = sample -> {
            samples.incrementAndGet();
            sink.accept(sample);
        };
        context = contexts.open(name(), config.provider());
        timer = new ScheduledThreadPoolExecutor(1, DaemonThreads.named("gpio-" + name()));
        timer.setRemoveOnCancelPolicy(true);
        try {
            for (GpioTagConfig tag : config.tags()) {
                TagId id = new TagId(name(), tag.name());
                if (tag.direction() == Direction.INPUT) {
                    inputs.put(tag.name(), new InputPin(id, openInput(tag), tag.invert(), tag.debounce(), counted, clock, timer));
                } else {
                    outputs.put(tag.name(), new OutputPin(id, openOutput(tag), tag.invert(), tag.safe(), counted, clock));
                }
            }
        } catch (RuntimeException e) {
            release();
            throw e;
        }
        outputs.values().forEach(OutputPin::start);
        inputs.values().forEach(InputPin::start);
        for (GpioTagConfig tag : config.tags()) {
            tag.report().maxAge().ifPresent(maxAge -> {
                Runnable repeat = tag.direction() == Direction.INPUT ? inputs.get(tag.name())::repeat
                        : outputs.get(tag.name())::repeat;
                long period = heartbeatNanos(maxAge);
                timer.scheduleAtFixedRate(() -> {
                    try {
                        repeat.run();
                    } catch (RuntimeException e) {
                        log.warn("event=gpio-repeat-failed source={} tag={} error=\"{}\"", name(), tag.name(), e.toString());
                    }
                }, period, period, TimeUnit.NANOSECONDS);
            });
        }
        running = true;
        log.info("event=gpio-started source={} provider={} inputs={} outputs={}", name(),
                config.provider().name().toLowerCase(Locale.ROOT), inputs.size(), outputs.size());
    }

    @Override
    public Value write(String tagName, Value value) {
        OutputPin pin;
        synchronized (this) {
            if (!running) {
                throw new WriteRefusedException("source '" + name() + "' is not running");
            }
            pin = outputs.get(tagName);
        }
        if (pin == null) {
            TagId id = new TagId(name(), tagName);
            throw new WriteRefusedException(inputs.containsKey(tagName)
                    ? "tag " + id + " is an input; only output pins can be set"
                    : "unknown tag " + id);
        }
        return pin.write(value);
    }

    @Override
    public SourceHealth health() {
        return new SourceHealth(running, samples.get(), 0, Optional.empty());
    }

    /** The Pi4J context while running, so tests can drive mock pins; empty before start and after close. */
    synchronized Optional<Context> pi4j() {
        return Optional.ofNullable(context);
    }

    @Override
    public synchronized void close() {
        if (context == null) {
            return;
        }
        running = false;
        outputs.forEach((tag, pin) -> {
            try {
                log.info("event=gpio-safe-state source={} tag={} state={}", name(), tag, pin.applySafe());
            } catch (RuntimeException e) {
                log.warn("event=gpio-safe-state-failed source={} tag={} error=\"{}\"", name(), tag, e.getMessage());
            }
        });
        release();
    }

    /**
     * How often a pin with {@code max_age} is offered again: a quarter of it, so a repeat passes the
     * filter at most a quarter late; never more often than every 100 ms.
     */
    static long heartbeatNanos(Duration maxAge) {
        return Math.max(TimeUnit.MILLISECONDS.toNanos(100), maxAge.toNanos() / 4);
    }

    private void release() {
        inputs.values().forEach(InputPin::stop);
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            context.shutdown();
        } catch (RuntimeException e) {
            log.warn("event=gpio-release-failed source={} error=\"{}\"", name(), e.getMessage());
        }
        context = null;
        inputs.clear();
        outputs.clear();
    }

    private DigitalInput openInput(GpioTagConfig tag) {
        try {
            return context.create(DigitalInput.newConfigBuilder(context)
                    .id(tag.name())
                    .name(name() + "/" + tag.name())
                    .address(tag.pin())
                    .pull(switch (tag.pull()) {
                        case NONE -> PullResistance.OFF;
                        case UP -> PullResistance.PULL_UP;
                        case DOWN -> PullResistance.PULL_DOWN;
                    })
                    // Debounce is InputPin's; Pi4J's own (gpiod only) would be applied on top of it.
                    .debounce(0L));
        } catch (RuntimeException | LinkageError e) {
            // LinkageError: libgpiod's native library loads on the first pin, and may not load at all.
            throw pinProblem(tag, e);
        }
    }

    private DigitalOutput openOutput(GpioTagConfig tag) {
        DigitalState initial = tag.initial() == Level.HIGH ? DigitalState.HIGH : DigitalState.LOW;
        try {
            var builder = DigitalOutput.newConfigBuilder(context)
                    .id(tag.name())
                    .name(name() + "/" + tag.name())
                    .address(tag.pin())
                    .initial(initial);
            if (tag.safe() != SafeState.HOLD) {
                builder.shutdown(tag.safe() == SafeState.HIGH ? DigitalState.HIGH : DigitalState.LOW);
            }
            return context.create(builder);
        } catch (RuntimeException | LinkageError e) {
            // LinkageError: libgpiod's native library loads on the first pin, and may not load at all.
            throw pinProblem(tag, e);
        }
    }

    private GpioUnavailableException pinProblem(GpioTagConfig tag, Throwable e) {
        String cause = rootMessage(e);
        String lower = cause.toLowerCase(Locale.ROOT);
        String pin = "source '" + name() + "': pin " + tag.pin() + " (tag " + tag.name() + ")";
        if (lower.contains("busy")) {
            return new GpioUnavailableException(pin + " is busy: another program or a kernel driver holds it "
                    + "(gpioinfo shows which); free it or choose another pin", e);
        }
        if (lower.contains("permission") || lower.contains("not permitted") || lower.contains("eacces")) {
            return new GpioUnavailableException(pin + ": permission denied; " + GpioContexts.GPIO_GROUP_FIX, e);
        }
        return new GpioUnavailableException(pin + " cannot be opened: " + cause, e);
    }

    private static String rootMessage(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null) {
                if (!all.isEmpty()) {
                    all.append(": ");
                }
                all.append(t.getMessage());
            }
        }
        return all.isEmpty() ? e.toString() : all.toString();
    }
}
