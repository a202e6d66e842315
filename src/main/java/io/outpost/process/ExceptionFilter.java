package io.outpost.process;

import io.outpost.config.Deadband;
import io.outpost.config.ReportPolicy;
import io.outpost.value.Sample;
import io.outpost.value.TagId;
import io.outpost.value.Value;
import io.outpost.value.SampleSink;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Report-by-exception, once for every source alike: a sample goes on only when it is worth sending.
 * Sent are a tag's first sample, any quality change (so every {@code bad} transition), a change of
 * value kind, a change beyond the deadband (absolute, or percent of the last value sent), and an
 * unchanged value once {@code max_age} has passed since the last one sent. Comparisons are always
 * against the last value <em>sent</em>, so slow drift still crosses the deadband.
 *
 * <p>{@code max_age} has passed when it has on either clock: between the samples' timestamps (a source's
 * own stamps, which may run faster than real time when a device hands over what it buffered) or on the
 * gateway's monotonic clock. The wall clock alone would not do: set back by an hour (NTP, an operator),
 * it would keep an unchanged tag silent for that hour.
 *
 * <p>Thread-safe: each tag's state is guarded by itself, and sources may call from any thread.
 */
public final class ExceptionFilter implements SampleSink {

    private volatile Map<TagId, ReportPolicy> policies;
    private final SampleSink downstream;
    private final Map<TagId, LastSent> lastSent = new ConcurrentHashMap<>();
    /** Made once, not a capturing lambda per sample: a tag's state holds its policy from its first sample on. */
    private final Function<TagId, LastSent> newState = this::newState;
    private final AtomicLong seen = new AtomicLong();
    private final AtomicLong passed = new AtomicLong();
    private final LongSupplier nanoClock;

    /** {@code policies}: per tag; a tag without one gets {@link ReportPolicy#EVERY_CHANGE}. */
    public ExceptionFilter(Map<TagId, ReportPolicy> policies, SampleSink downstream) {
        this(policies, downstream, System::nanoTime);
    }

    /** {@code nanoClock}: the monotonic clock {@code max_age} is measured on too ({@link System#nanoTime()}). */
    public ExceptionFilter(Map<TagId, ReportPolicy> policies, SampleSink downstream, LongSupplier nanoClock) {
        this.policies = Map.copyOf(policies);
        this.downstream = downstream;
        this.nanoClock = nanoClock;
    }

    /**
     * A reload's policies: a tag whose policy changed (or that is gone) starts again, so its next sample
     * passes and is compared under the new policy from then on; the others keep their last sent value.
     */
    public void policies(Map<TagId, ReportPolicy> next) {
        Map<TagId, ReportPolicy> before = policies;
        policies = Map.copyOf(next);
        lastSent.keySet().removeIf(tag -> !java.util.Objects.equals(before.get(tag), next.get(tag)));
    }

    @Override
    public void accept(Sample sample) {
        seen.incrementAndGet();
        LastSent state = lastSent.get(sample.tag());
        if (state == null) {
            state = lastSent.computeIfAbsent(sample.tag(), newState);
        }
        boolean send;
        long now = nanoClock.getAsLong();
        synchronized (state) {
            send = state.sample == null || worthSending(state.sample, sample, state.policy)
                    || maxAgePassed(state.policy, now - state.sentNanos);
            if (send) {
                state.sample = sample;
                state.sentNanos = now;
            }
        }
        if (send) {
            passed.incrementAndGet();
            downstream.accept(sample);
        }
    }

    /** Samples offered so far. */
    public long seen() {
        return seen.get();
    }

    /** Samples passed on so far. */
    public long passed() {
        return passed.get();
    }

    static boolean worthSending(Sample last, Sample next, ReportPolicy policy) {
        if (last.quality() != next.quality()) {
            return true;
        }
        if (policy.maxAge().isPresent() && next.tsMillis() - last.tsMillis() >= policy.maxAge().get().toMillis()) {
            return true;
        }
        if (next.reading().isEmpty()) {
            // A failing read has no value to compare: it stays one bad sample until it recovers (or max_age repeats it).
            return false;
        }
        return changed(last.value(), next.value(), policy);
    }

    private static boolean maxAgePassed(ReportPolicy policy, long sinceSentNanos) {
        return policy.maxAge().isPresent() && sinceSentNanos >= policy.maxAge().get().toNanos();
    }

    private static boolean changed(Value last, Value next, ReportPolicy policy) {
        if (last.getClass() != next.getClass()) {
            return true;
        }
        if (!(next instanceof Value.Num) && !(next instanceof Value.Int)) {
            return !last.equals(next);
        }
        double a = last.asDouble();
        double b = next.asDouble();
        if (Double.isNaN(a) || Double.isNaN(b)) {
            return Double.isNaN(a) != Double.isNaN(b);
        }
        if (policy.deadband().isEmpty()) {
            return !last.equals(next);
        }
        double delta = Math.abs(b - a);
        Deadband band = policy.deadband().get();
        if (band instanceof Deadband.Absolute abs) {
            return abs.amount() == 0 ? delta != 0 : delta > abs.amount();
        }
        double limit = Math.abs(a) * ((Deadband.Percent) band).percent() / 100.0;
        return limit == 0 ? delta != 0 : delta > limit;
    }

    private LastSent newState(TagId tag) {
        return new LastSent(policies.getOrDefault(tag, ReportPolicy.EVERY_CHANGE));
    }

    private static final class LastSent {
        private final ReportPolicy policy;
        private Sample sample;
        /** When {@link #sample} was sent, on the monotonic clock. */
        private long sentNanos;

        LastSent(ReportPolicy policy) {
            this.policy = policy;
        }
    }
}
