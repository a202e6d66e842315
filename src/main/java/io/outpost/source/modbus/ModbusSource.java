package io.outpost.source.modbus;

import io.outpost.source.modbus.ModbusTagConfig.Table;
import io.outpost.value.Quality;
import io.outpost.value.Sample;
import io.outpost.value.TagId;
import io.outpost.value.Value;
import io.outpost.source.CircuitBreaker;
import io.outpost.value.SampleSink;
import io.outpost.source.SourceHealth;
import io.outpost.source.SourceScheduler;
import io.outpost.source.WritableSource;
import io.outpost.source.WriteRefusedException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code type: modbus-tcp} and {@code modbus-rtu}. The shared scheduler ticks at the poll interval
 * and hands the poll to an I/O executor (a small pool for TCP devices, one thread per serial line),
 * so a device waiting for its timeout never holds a scheduler thread. At most one poll per device
 * is in flight; a tick that finds the previous poll still running is counted as missed, not queued.
 *
 * <p>The read plan is owned by the I/O thread running the poll: only it replaces a refused block
 * by per-tag reads.
 */
public final class ModbusSource implements WritableSource {

    private static final Logger log = LoggerFactory.getLogger(ModbusSource.class);

    /** Failed polls in a row before the device is only probed. */
    static final int BREAKER_THRESHOLD = 3;
    /** Longest wait between probes of a dead device. */
    static final Duration MAX_PROBE_INTERVAL = Duration.ofSeconds(30);

    private final ModbusDevice device;
    private final ModbusLink link;
    private final SourceScheduler scheduler;
    private final Executor io;
    private final LongSupplier clock;
    private final Runnable onClose;
    private final CircuitBreaker breaker;
    private final Map<String, ModbusTagConfig> tagsByName;
    private final Map<String, TagId> ids;
    private final AtomicBoolean polling = new AtomicBoolean();
    private final AtomicLong polls = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong missedPolls = new AtomicLong();
    private final AtomicLong skippedByBreaker = new AtomicLong();
    private volatile List<ReadBlock> plan;
    private volatile boolean up = true;
    private volatile String lastError;
    private volatile SampleSink sink;
    private ScheduledFuture<?> tick;

    public ModbusSource(ModbusDevice device, ModbusLink link, SourceScheduler scheduler, Executor io,
                        LongSupplier clock, Runnable onClose) {
        this.device = device;
        this.link = link;
        this.scheduler = scheduler;
        this.io = io;
        this.clock = clock;
        this.onClose = onClose;
        this.breaker = new CircuitBreaker(BREAKER_THRESHOLD, device.pollInterval(), MAX_PROBE_INTERVAL,
                System::nanoTime, new Random());
        this.tagsByName = device.tags().stream().collect(Collectors.toMap(ModbusTagConfig::name, Function.identity()));
        this.ids = device.tags().stream().collect(Collectors.toMap(ModbusTagConfig::name,
                t -> new TagId(device.name(), t.name())));
        this.plan = RequestPlanner.plan(device.tags(), device.maxGap());
    }

    @Override
    public String name() {
        return device.name();
    }

    /** The read requests one poll makes, as planned (and split after refusals). */
    public List<ReadBlock> plan() {
        return plan;
    }

    @Override
    public synchronized void start(SampleSink sink) {
        this.sink = sink;
        log.info("event=source-start source={} endpoint={} unit_id={} tags={} requests_per_poll={}",
                name(), link.endpoint(), device.unitId(), device.tags().size(), plan.size());
        tick = scheduler.every(device.pollInterval(), "modbus:" + name(), missedPolls, this::onTick);
    }

    private void onTick() {
        if (!polling.compareAndSet(false, true)) {
            missedPolls.incrementAndGet();
            return;
        }
        if (!breaker.allowsAttempt()) {
            skippedByBreaker.incrementAndGet();
            polling.set(false);
            return;
        }
        try {
            io.execute(this::pollGuarded);
        } catch (RejectedExecutionException e) {
            missedPolls.incrementAndGet();
            polling.set(false);
        }
    }

    private void pollGuarded() {
        try {
            scheduler.timed(name(), this::poll);
        } finally {
            polling.set(false);
        }
    }

    /** One poll of every block; runs on the I/O executor. */
    void poll() {
        List<ReadBlock> blocks = new ArrayList<>(plan);
        ModbusFailure linkFailure = null;
        ModbusFailure refusal = null;
        for (int i = 0; i < blocks.size(); i++) {
            ReadBlock block = blocks.get(i);
            if (linkFailure != null) {
                markBad(block);
                continue;
            }
            try {
                read(block);
            } catch (ModbusFailure f) {
                if (f.illegalAddress() && block.tags().size() > 1) {
                    List<ReadBlock> smaller = RequestPlanner.perTag(block);
                    replaceInPlan(block, smaller);
                    blocks.addAll(i + 1, smaller);
                    log.warn("event=block-split source={} table={} start={} count={} tags={} reason=\"{}\"",
                            name(), tableName(block.table()), block.start(), block.count(), smaller.size(), f.getMessage());
                    continue;
                }
                markBad(block);
                if (f.deviceAnswered()) {
                    refusal = f;
                } else {
                    linkFailure = f;
                }
            }
        }
        afterPoll(linkFailure != null ? linkFailure : refusal, linkFailure != null);
        // Counted once its outcome is in `up`: whoever sees this read sees how it went.
        polls.incrementAndGet();
    }

    private void afterPoll(ModbusFailure failure, boolean linkDown) {
        if (sink == null) {
            // Closed while this poll ran: the link went away under it on purpose, the device did not fail.
            return;
        }
        if (failure == null) {
            if (breaker.success() || !up) {
                log.info("event=device-up source={} endpoint={}", name(), link.endpoint());
            }
            up = true;
            return;
        }
        failures.incrementAndGet();
        lastError = failure.getMessage();
        if (up) {
            log.warn("event=device-down source={} endpoint={} error=\"{}\"", name(), link.endpoint(), failure.getMessage());
        }
        up = false;
        // Only a link that does not answer opens the breaker: a device refusing some addresses is alive.
        if (linkDown && breaker.failure()) {
            log.warn("event=breaker-open source={} endpoint={} failures={} probing=backoff max_probe_interval={}",
                    name(), link.endpoint(), BREAKER_THRESHOLD, MAX_PROBE_INTERVAL);
        }
    }

    private void read(ReadBlock block) throws ModbusFailure {
        if (block.table().holdsBits()) {
            boolean[] bits = link.readBits(device.unitId(), block.table(), block.start(), block.count());
            long now = clock.getAsLong();
            for (ModbusTagConfig tag : block.tags()) {
                emit(tag, now, Value.of(bits[tag.address() - block.start()]), Quality.GOOD);
            }
        } else {
            int[] registers = link.readRegisters(device.unitId(), block.table(), block.start(), block.count());
            long now = clock.getAsLong();
            for (ModbusTagConfig tag : block.tags()) {
                emit(tag, now, RegisterCodec.decode(tag, registers, tag.address() - block.start()), Quality.GOOD);
            }
        }
    }

    private void markBad(ReadBlock block) {
        long now = clock.getAsLong();
        for (ModbusTagConfig tag : block.tags()) {
            emit(tag, now, Value.NONE, Quality.BAD);
        }
    }

    private void emit(ModbusTagConfig tag, long now, Value value, Quality quality) {
        SampleSink target = sink;
        if (target != null) {
            target.accept(new Sample(ids.get(tag.name()), now, value, quality));
        }
    }

    private void replaceInPlan(ReadBlock refused, List<ReadBlock> smaller) {
        List<ReadBlock> next = new ArrayList<>(plan);
        int at = next.indexOf(refused);
        if (at >= 0) {
            next.remove(at);
            next.addAll(at, smaller);
            plan = List.copyOf(next);
        }
    }

    @Override
    public Value write(String tagName, Value value) {
        ModbusTagConfig tag = tagsByName.get(tagName);
        String what = "tag " + name() + "/" + tagName;
        if (tag == null) {
            throw new WriteRefusedException(what + " does not exist");
        }
        if (tag.table() == Table.INPUT || tag.table() == Table.DISCRETE) {
            throw new WriteRefusedException(what + " is in the read-only " + tableName(tag.table()) + " table");
        }
        try {
            if (tag.table() == Table.COIL) {
                if (!(value instanceof Value.Bool on)) {
                    throw new WriteRefusedException(what + " is a coil and takes true or false");
                }
                link.writeCoil(device.unitId(), tag.address(), on.value());
            } else {
                link.writeRegisters(device.unitId(), tag.address(), RegisterCodec.encode(tag, value));
            }
            ReadBlock single = new ReadBlock(tag.table(), tag.address(), RequestPlanner.width(tag), List.of(tag));
            Value readBack = tag.table() == Table.COIL
                    ? Value.of(link.readBits(device.unitId(), Table.COIL, tag.address(), 1)[0])
                    : RegisterCodec.decode(tag, link.readRegisters(device.unitId(), single.table(), single.start(),
                            single.count()), 0);
            log.info("event=write source={} tag={} value={}", name(), tagName, shown(readBack));
            emit(tag, clock.getAsLong(), readBack, Quality.GOOD);
            return readBack;
        } catch (IllegalArgumentException e) {
            throw new WriteRefusedException(what + ": " + e.getMessage(), e);
        } catch (ModbusFailure f) {
            throw new WriteRefusedException(what + ": write failed: " + f.getMessage(), f);
        }
    }

    @Override
    public SourceHealth health() {
        long reads = polls.get();
        return new SourceHealth(up, reads, failures.get(), missedPolls.get(), Optional.ofNullable(lastError), List.of());
    }

    /** Ticks that found the previous poll of this device still running, or came too late to run. */
    public long missedPolls() {
        return missedPolls.get();
    }

    /** Ticks left out because the breaker was open. */
    public long skippedByBreaker() {
        return skippedByBreaker.get();
    }

    @Override
    public synchronized void close() {
        if (tick != null) {
            tick.cancel(false);
            tick = null;
        }
        sink = null;
        onClose.run();
    }

    private static String shown(Value value) {
        if (value instanceof Value.Int i) {
            return Long.toString(i.value());
        }
        if (value instanceof Value.Bool b) {
            return Boolean.toString(b.value());
        }
        return value instanceof Value.Text t ? t.value() : Double.toString(value.asDouble());
    }

    static String tableName(Table table) {
        return table.name().toLowerCase(java.util.Locale.ROOT);
    }
}
