package io.outpost.bench;

import io.outpost.config.UplinkConfig.Encoding;
import io.outpost.store.RecordEncoder;
import io.outpost.store.RepresentativeRecords;
import io.outpost.value.Sample;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Record encoding on this machine: the Jackson-based {@link RecordEncoder} beside the hand-written one it
 * replaced ({@link HandWrittenRecordEncoder}) and the compact encoding, in one JVM, same samples, rounds interleaved so both see the
 * same JIT and heap state. Prints a Markdown table: records/s, samples/s, MB/s and record bytes.
 *
 * <pre>
 * bench/java.sh EncodingBenchmark [seconds per round] [rounds]
 * </pre>
 *
 * Three record shapes: 500 typical samples (floats, integers, booleans: a full batch), 1 sample (a quiet
 * tag), and the golden test's record (every value kind, escapes, text beyond ASCII). The first two rounds
 * are warm-up and not counted; the figure is the median of the rest.
 */
public final class EncodingBenchmark {

    private interface Encoder {
        byte[] telemetry(long seq, long tsMillis, List<Sample> samples);
    }

    private EncodingBenchmark() {
    }

    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 1.0;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        RecordEncoder jackson = new RecordEncoder(RepresentativeRecords.GATEWAY, RepresentativeRecords.BOOT);
        RecordEncoder compact = new RecordEncoder(RepresentativeRecords.GATEWAY, RepresentativeRecords.BOOT,
                Encoding.COMPACT);
        HandWrittenRecordEncoder handWritten = new HandWrittenRecordEncoder(RepresentativeRecords.GATEWAY,
                RepresentativeRecords.BOOT);
        System.out.println("| record | encoder | bytes | records/s | samples/s | MB/s |");
        System.out.println("|---|---|---:|---:|---:|---:|");
        shape("500 typical samples", RepresentativeRecords.typical(500), jackson::telemetry, handWritten::telemetry, compact::telemetry,
                seconds, rounds);
        shape("1 typical sample", RepresentativeRecords.typical(1), jackson::telemetry, handWritten::telemetry, compact::telemetry,
                seconds, rounds);
        shape("golden record (19 samples)", RepresentativeRecords.readings(), jackson::telemetry, handWritten::telemetry, compact::telemetry,
                seconds, rounds);
    }

    private static void shape(String name, List<Sample> samples, Encoder jackson, Encoder handWritten, Encoder compact,
            double seconds, int rounds) {
        double[] jacksonRates = new double[rounds];
        double[] handRates = new double[rounds];
        double[] compactRates = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            handRates[r] = recordsPerSecond(handWritten, samples, seconds);
            jacksonRates[r] = recordsPerSecond(jackson, samples, seconds);
            compactRates[r] = recordsPerSecond(compact, samples, seconds);
        }
        row(name, "hand-written (before)", handWritten.telemetry(1, 0, samples).length, median(handRates), samples.size());
        row(name, "jackson-core (now)", jackson.telemetry(1, 0, samples).length, median(jacksonRates), samples.size());
        row(name, "compact (CBOR + deflate)", compact.telemetry(1, 0, samples).length, median(compactRates), samples.size());
    }

    /** The result's length is summed so the JIT cannot drop the encoding. */
    private static double recordsPerSecond(Encoder encoder, List<Sample> samples, double seconds) {
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        long started = System.nanoTime();
        long records = 0;
        long bytes = 0;
        long now;
        do {
            for (int i = 0; i < 16; i++) {
                bytes += encoder.telemetry(records++, started, samples).length;
            }
            now = System.nanoTime();
        } while (now < deadline);
        if (bytes <= records) {
            throw new IllegalStateException(encoder + " encoded nothing");
        }
        return records / ((now - started) / 1e9);
    }

    private static double median(double[] rates) {
        double[] counted = Arrays.copyOfRange(rates, Math.min(2, rates.length - 1), rates.length);
        Arrays.sort(counted);
        return counted[counted.length / 2];
    }

    private static void row(String name, String encoder, int bytes, double recordsPerSecond, int samples) {
        System.out.printf(Locale.ROOT, "| %s | %s | %,d | %,.0f | %,.0f | %.1f |%n", name, encoder, bytes,
                recordsPerSecond, recordsPerSecond * samples, recordsPerSecond * bytes / 1e6);
    }
}
