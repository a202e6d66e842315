package io.outpost.bench;

import io.outpost.process.ExceptionFilter;
import io.outpost.process.TimeOrderGuard;
import io.outpost.value.Quality;
import io.outpost.value.Sample;
import io.outpost.value.TagId;
import io.outpost.value.Value;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The per-sample path a source's reading takes before the batcher, on the Node-RED job's shape: 1,000
 * tags whose values all change every poll, through the exception filter (default policy) and the time
 * order, into a sink that counts. Prints the CPU time of the benchmark thread per sample (thread CPU
 * time, not wall time, so other load on the machine moves it less), the median of the timed rounds.
 *
 * <pre>
 * bench/java.sh SamplePathBenchmark [polls per round] [rounds]
 * </pre>
 *
 * Run with the gateway's JIT options ({@code BENCH_JAVA_OPTS="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"})
 * to see what the launcher's C1 makes of it; the first two rounds are warm-up.
 */
public final class SamplePathBenchmark {

    private static final int TAGS = 1_000;

    private SamplePathBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        int polls = args.length > 0 ? Integer.parseInt(args[0]) : 2_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 9;
        Path dataDir = Files.createTempDirectory("sample-path");
        List<TagId> tags = IntStream.range(0, TAGS).mapToObj(i -> new TagId("plc", "r" + i)).toList();
        long[] counted = new long[1];
        long[] clock = {1_700_000_000_000L};
        TimeOrderGuard order = TimeOrderGuard.open(dataDir, new HashSet<>(tags), seq -> Map.of(), () -> clock[0],
                sample -> counted[0]++);
        ExceptionFilter filter = new ExceptionFilter(Map.of(), order);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double[] nanosPerSample = new double[rounds];
        long tick = 0;
        for (int r = 0; r < rounds; r++) {
            long before = counted[0];
            long cpu0 = threads.getCurrentThreadCpuTime();
            for (int p = 0; p < polls; p++, tick++) {
                clock[0] += 100;
                for (int i = 0; i < TAGS; i++) {
                    filter.accept(new Sample(tags.get(i), clock[0], new Value.Int((i * 61L + tick) & 0xFFFF), Quality.GOOD));
                }
            }
            long cpu = threads.getCurrentThreadCpuTime() - cpu0;
            nanosPerSample[r] = (double) cpu / (counted[0] - before);
        }
        double[] timed = Arrays.copyOfRange(nanosPerSample, Math.min(2, rounds - 1), rounds);
        Arrays.sort(timed);
        System.out.printf(Locale.ROOT, "| %d tags, %d polls a round | %.0f ns CPU per sample (median of %d rounds; min %.0f, max %.0f) |%n",
                TAGS, polls, timed[timed.length / 2], timed.length, timed[0], timed[timed.length - 1]);
    }
}
