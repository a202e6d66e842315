package io.outpost.demo;

import io.outpost.process.model.ModelStatus;
import java.io.PrintStream;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.LongPredicate;

/**
 * The model's part of the demo's verdict, judged on what reached the cloud: the alarm was raised
 * during the fault, never outside it, and cleared after it ended.
 *
 * <p>The simulator's fault counts from the moment the machine's source started: after
 * {@code startingAt} (just before the gateway started) and before the machine's first reading (the
 * first is always sent). A raise is "during the fault" when it falls in the widest window those
 * allow, a clear "after" when it is after the earliest end they allow, and scores are sorted into
 * healthy and faulty only where both bounds agree (a window is 0.64 s long: a score up to a second
 * after the fault's end may still see some of it).
 */
final class AlarmVerdict {

    private static final long WINDOW_LAG_MILLIS = 1000;

    private final DemoFault fault;
    private final long startingAt;
    private final long startedAt;

    AlarmVerdict(DemoFault fault, long startingAt, long startedAt) {
        this.fault = fault;
        this.startingAt = startingAt;
        this.startedAt = startedAt;
    }

    /** Prints the model's and the alarm's lines; true when the alarm did what the fault called for. */
    boolean judge(List<ModelStatus> models, DemoConsumer cloud, PrintStream out) {
        models.stream().filter(m -> m.name().equals(DemoConfig.MODEL)).findFirst().ifPresent(m -> out.printf("outpost demo: model '%s' runs=%d skipped=%d failures=%d state=%s%n",
                m.name(), m.runs(), m.skipped(), m.failures(), m.state()));
        OptionalLong firstReading = cloud.firstReadingOfMachine();
        if (firstReading.isEmpty()) {
            out.println("outpost demo: no reading of " + DemoConfig.MACHINE_TAG + " reached the cloud");
            return false;
        }
        long startedBy = firstReading.getAsLong();
        long faultFrom = startingAt + fault.afterSeconds() * 1000L;
        long faultTo = startedBy + fault.endSeconds() * 1000L;
        List<DemoConsumer.Score> scores = cloud.scores();
        LongPredicate healthy = ts -> ts < faultFrom || ts > faultTo + WINDOW_LAG_MILLIS;
        out.printf("outpost demo: scores delivered=%d healthy max=%s (%d above %s) faulty min=%s max=%s%n",
                scores.size(),
                max(scores, healthy),
                scores.stream().filter(s -> healthy.test(s.tsMillis()) && s.value() > DemoConfig.ABOVE).count(),
                DemoConfig.ABOVE,
                min(scores, ts -> ts >= startedBy + fault.afterSeconds() * 1000L + WINDOW_LAG_MILLIS
                        && ts <= startingAt + fault.endSeconds() * 1000L),
                max(scores, ts -> ts >= faultFrom && ts <= faultTo + WINDOW_LAG_MILLIS));

        List<DemoConsumer.AlarmRecord> records = cloud.alarms().stream()
                .filter(a -> a.alarm().equals(DemoConfig.ALARM)).toList();
        List<DemoConsumer.AlarmRecord> raises = records.stream().filter(DemoConsumer.AlarmRecord::raised).toList();
        long outside = raises.stream().filter(r -> r.raisedAt() < faultFrom || r.raisedAt() > faultTo).count();
        Optional<DemoConsumer.AlarmRecord> duringFault = raises.stream()
                .filter(r -> r.raisedAt() >= faultFrom && r.raisedAt() <= faultTo).findFirst();
        Optional<DemoConsumer.AlarmRecord> clearedAfter = duringFault.flatMap(raise -> records.stream()
                .filter(r -> !r.raised() && r.raisedAt() == raise.raisedAt()
                        && r.clearedAt() >= startingAt + fault.endSeconds() * 1000L)
                .findFirst());
        boolean activeAtEnd = !records.isEmpty() && records.get(records.size() - 1).raised();
        out.printf("outpost demo: alarm '%s' raised=%d cleared=%d: raised at %s (score %s), cleared at %s (score %s); "
                        + "fault from %s to %s (the machine's start, from its first reading)%n",
                DemoConfig.ALARM, raises.size(), records.size() - raises.size(),
                duringFault.map(r -> seconds(r.raisedAt())).orElse("-"),
                duringFault.map(r -> score(r.value())).orElse("-"),
                clearedAfter.map(r -> seconds(r.clearedAt())).orElse("-"),
                clearedAfter.map(r -> score(r.value())).orElse("-"),
                seconds(startedBy - DemoConfig.MACHINE_INTERVAL_MILLIS + fault.afterSeconds() * 1000L),
                seconds(startedBy - DemoConfig.MACHINE_INTERVAL_MILLIS + fault.endSeconds() * 1000L));
        boolean ok = duringFault.isPresent() && clearedAfter.isPresent() && outside == 0 && !activeAtEnd;
        if (!ok) {
            out.println("outpost demo: the alarm " + (duringFault.isEmpty() ? "was not raised during the fault"
                    : clearedAfter.isEmpty() ? "was not cleared after the fault"
                    : outside > 0 ? "was raised " + outside + " time(s) outside the fault" : "is still raised"));
        }
        return ok;
    }

    /** A gateway time as the status lines count it: seconds since the gateway started. */
    private String seconds(long millis) {
        return String.format("t=%.1fs", (millis - startedAt) / 1000.0);
    }

    private static String score(double value) {
        return String.format("%.4f", value);
    }

    private static String max(List<DemoConsumer.Score> scores, LongPredicate when) {
        return scores.stream().filter(s -> when.test(s.tsMillis())).mapToDouble(DemoConsumer.Score::value).max()
                .stream().mapToObj(AlarmVerdict::score).findFirst().orElse("-");
    }

    private static String min(List<DemoConsumer.Score> scores, LongPredicate when) {
        return scores.stream().filter(s -> when.test(s.tsMillis())).mapToDouble(DemoConsumer.Score::value).min()
                .stream().mapToObj(AlarmVerdict::score).findFirst().orElse("-");
    }
}
