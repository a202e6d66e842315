package io.outpost.process;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.outpost.config.Deadband;
import io.outpost.config.ReportPolicy;
import io.outpost.value.Quality;
import io.outpost.value.Sample;
import io.outpost.value.TagId;
import io.outpost.value.Value;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ExceptionFilterTest {

    private static final TagId TAG = new TagId("press1", "pressure");

    private final List<Sample> sent = new ArrayList<>();

    private ExceptionFilter filter(Deadband band, Duration maxAge) {
        return new ExceptionFilter(Map.of(TAG, new ReportPolicy(Optional.ofNullable(band), Optional.ofNullable(maxAge))),
                sent::add);
    }

    private static Sample good(long ts, double v) {
        return new Sample(TAG, ts, Value.of(v), Quality.GOOD);
    }

    private List<Double> sentValues() {
        return sent.stream().map(s -> s.value().asDouble()).toList();
    }

    @Test
    void aReloadedPolicyAppliesFromTheNextSampleOnAndAnUnchangedTagKeepsItsLastSentValue() {
        TagId other = new TagId("press1", "flow");
        ReportPolicy wide = new ReportPolicy(Optional.of(new Deadband.Absolute(100)), Optional.empty());
        ExceptionFilter f = new ExceptionFilter(Map.of(TAG, wide, other, wide), sent::add);
        f.accept(good(0, 5));
        f.accept(new Sample(other, 0, Value.of(5.0), Quality.GOOD));
        f.accept(good(1, 6));
        assertEquals(2, sent.size(), "within the wide deadband");
        f.policies(Map.of(TAG, ReportPolicy.EVERY_CHANGE, other, wide));
        f.accept(good(2, 6));
        f.accept(good(3, 6.5));
        f.accept(new Sample(other, 3, Value.of(6.0), Quality.GOOD));
        assertEquals(List.of(5.0, 5.0, 6.0, 6.5), sentValues(), "press1/pressure starts again under every-change;"
                + " press1/flow keeps its deadband from its last sent value");
    }

    @Test
    void alwaysSendsTheFirstValueOfATag() {
        ExceptionFilter f = filter(new Deadband.Absolute(100), null);
        f.accept(good(0, 5));
        assertEquals(List.of(5.0), sentValues());
    }

    @Test
    void absoluteDeadbandComparesAgainstTheLastValueSentSoDriftStillCrossesIt() {
        ExceptionFilter f = filter(new Deadband.Absolute(0.5), null);
        for (double v : new double[] {10.0, 10.2, 10.4, 10.6, 10.5, 11.0, 11.2}) {
            f.accept(good(0, v));
        }
        // 10.6 crosses from 10.0; 11.2 crosses from 10.6; 10.5 and 11.0 stay within 0.5 of 10.6.
        assertEquals(List.of(10.0, 10.6, 11.2), sentValues());
        assertEquals(7, f.seen());
        assertEquals(3, f.passed());
    }

    @Test
    void percentDeadbandScalesWithTheLastValueSent() {
        ExceptionFilter f = filter(new Deadband.Percent(1), null);
        for (double v : new double[] {200, 201.5, 202.1, 204.2, -204.2}) {
            f.accept(good(0, v));
        }
        assertEquals(List.of(200.0, 202.1, 204.2, -204.2), sentValues());
    }

    @Test
    void withoutDeadbandEveryChangeIsSentAndRepeatsAreNot() {
        ExceptionFilter f = filter(null, null);
        for (double v : new double[] {1, 1, 2, 2, 2, 1}) {
            f.accept(good(0, v));
        }
        assertEquals(List.of(1.0, 2.0, 1.0), sentValues());
    }

    @Test
    void maxAgeResendsAnUnchangedValue() {
        ExceptionFilter f = filter(new Deadband.Absolute(1), Duration.ofSeconds(60));
        f.accept(good(0, 5));
        f.accept(good(59_999, 5));
        f.accept(good(60_000, 5));
        f.accept(good(61_000, 5));
        assertEquals(List.of(0L, 60_000L), sent.stream().map(Sample::tsMillis).toList());
    }

    @Test
    void badQualityTransitionsAreAlwaysSentButRepeatedBadReadsAreNot() {
        ExceptionFilter f = filter(new Deadband.Absolute(100), null);
        f.accept(good(0, 5));
        f.accept(new Sample(TAG, 1, Value.of(5.0), Quality.BAD));
        f.accept(new Sample(TAG, 2, Value.of(0.0), Quality.BAD));
        f.accept(good(3, 5));
        assertEquals(List.of(Quality.GOOD, Quality.BAD, Quality.GOOD), sent.stream().map(Sample::quality).toList());
    }

    @Test
    void booleansAndStringsAreSentOnChangeAndNaNCountsAsAChangeOnce() {
        ExceptionFilter f = filter(new Deadband.Absolute(10), null);
        f.accept(new Sample(TAG, 0, Value.of(true), Quality.GOOD));
        f.accept(new Sample(TAG, 1, Value.of(true), Quality.GOOD));
        f.accept(new Sample(TAG, 2, Value.of(false), Quality.GOOD));
        f.accept(new Sample(TAG, 3, Value.of("open"), Quality.GOOD));
        f.accept(new Sample(TAG, 4, Value.of("open"), Quality.GOOD));
        f.accept(good(5, 1.0));
        f.accept(good(6, Double.NaN));
        f.accept(good(7, Double.NaN));
        f.accept(good(8, 1.0));
        assertEquals(List.of(0L, 2L, 3L, 5L, 6L, 8L), sent.stream().map(Sample::tsMillis).toList());
    }

    @Test
    void tagsAreFilteredIndependently() {
        TagId other = new TagId("press1", "temperature");
        ExceptionFilter f = new ExceptionFilter(Map.of(TAG, new ReportPolicy(Optional.of(new Deadband.Absolute(5)),
                Optional.empty())), sent::add);
        f.accept(good(0, 1));
        f.accept(new Sample(other, 0, Value.of(1.0), Quality.GOOD));
        f.accept(good(1, 2));
        f.accept(new Sample(other, 1, Value.of(2.0), Quality.GOOD));
        assertEquals(List.of(TAG, other, other), sent.stream().map(Sample::tag).toList());
    }
}
