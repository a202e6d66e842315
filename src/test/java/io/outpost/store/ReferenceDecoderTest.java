package io.outpost.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.outpost.config.UplinkConfig.Encoding;
import io.outpost.testing.SampleForms;
import io.outpost.value.Sample;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reference decoder consumers are given ({@code docs/decoder/outpost_decode.py}) run as a real
 * {@code /usr/bin/python3} process on records this encoder made: what it prints is what went in, sample
 * for sample, value types included. It needs Debian's python3-cbor2; without it the test fails and says so.
 */
class ReferenceDecoderTest {

    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final Path DECODER = Path.of("docs/decoder/outpost_decode.py");
    private static final long RECORD_TS = 1763769600500L;
    /** Reads the bare NaN and Infinity tokens of {@code --exact}, so a float's NaN stays a float. */
    private static final JsonMapper JSON = JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

    private final RecordEncoder compact = new RecordEncoder(RepresentativeRecords.GATEWAY, RepresentativeRecords.BOOT,
            Encoding.COMPACT);

    @TempDir
    Path dir;

    @Test
    void thePythonDecoderGivesBackEverySampleOfEveryRecord() throws Exception {
        List<List<Sample>> records = List.of(RepresentativeRecords.compactCases(), RepresentativeRecords.typical(500),
                RepresentativeRecords.typical(1), RepresentativeRecords.readings());
        List<String> args = new ArrayList<>(List.of("--exact"));
        for (int i = 0; i < records.size(); i++) {
            args.add(write("record-" + i, compact.telemetry(100 + i, RECORD_TS + i, records.get(i))).toString());
        }
        List<String> lines = decode(0, args).lines().toList();
        assertEquals(records.size(), lines.size(), "one line per record");
        for (int i = 0; i < records.size(); i++) {
            JsonNode decoded = JSON.readTree(lines.get(i));
            assertEquals(RepresentativeRecords.GATEWAY, decoded.get("gw").textValue());
            assertEquals(100 + i, decoded.get("seq").longValue());
            assertEquals(RepresentativeRecords.BOOT, decoded.get("boot").textValue());
            assertEquals(RECORD_TS + i, decoded.get("ts").longValue());
            assertEquals(SampleForms.ofSamples(records.get(i)), SampleForms.ofDecoded(decoded), "record " + i);
        }
    }

    @Test
    void withoutExactNonFiniteFloatsAreTheJsonRecordsStringsAndJsonRecordsPassThrough() throws Exception {
        byte[] json = new RecordEncoder(RepresentativeRecords.GATEWAY, RepresentativeRecords.BOOT)
                .telemetry(5, RECORD_TS, RepresentativeRecords.readings());
        String out = decode(0, List.of(write("compact", compact.telemetry(5, RECORD_TS, RepresentativeRecords.readings())).toString(),
                write("json", json).toString()));
        List<String> lines = out.lines().toList();
        assertEquals(2, lines.size(), out);
        JsonNode fromCompact = JSON.readTree(lines.get(0));
        List<String> values = new ArrayList<>();
        fromCompact.get("samples").forEach(s -> values.add(s.get("t").textValue() + "=" + s.get("v")));
        assertTrue(values.containsAll(List.of("press1/nan=\"NaN\"", "press1/inf=\"Infinity\"", "press1/neginf=\"-Infinity\"")),
                values.toString());
        assertEquals(JSON.readTree(json), JSON.readTree(lines.get(1)));
    }

    @Test
    void aRecordOfAnUnknownFormatVersionIsRefusedWithAReason() throws Exception {
        byte[] payload = compact.telemetry(9, RECORD_TS, RepresentativeRecords.typical(3));
        // "fmt" is followed by its value, the one-byte unsigned integer 1 (0x01): make it 2.
        byte[] fmt = {0x63, 'f', 'm', 't', 0x01};
        int at = indexOf(payload, fmt);
        assertTrue(at > 0, "fmt field not found");
        payload[at + fmt.length - 1] = 0x02;
        String err = decode(2, List.of(write("future", payload).toString()));
        assertTrue(err.contains("compact record of format 2; this decoder knows 1"), err);
    }

    private Path write(String name, byte[] payload) throws IOException {
        return Files.write(dir.resolve(name + ".bin"), payload);
    }

    /** Runs the decoder; returns stdout when it exits 0, stderr otherwise, failing on any other exit. */
    private static String decode(int expectedExit, List<String> args) throws Exception {
        requireCbor2();
        List<String> command = new ArrayList<>(List.of(PYTHON.toString(), DECODER.toString()));
        command.addAll(args);
        Process p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "decoder did not finish");
        String stderr = new String(err, StandardCharsets.UTF_8);
        assertEquals(expectedExit, p.exitValue(), "decoder exit; stderr:\n" + stderr);
        return expectedExit == 0 ? new String(out, StandardCharsets.UTF_8) : stderr;
    }

    private static void requireCbor2() throws Exception {
        if (!Files.isExecutable(PYTHON)) {
            fail(PYTHON + " is missing: the reference decoder runs on the system's Python 3 (apt-get install -y python3 python3-cbor2)");
        }
        Process p = new ProcessBuilder(PYTHON.toString(), "-c", "import cbor2").redirectErrorStream(true).start();
        String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            fail("the reference decoder needs the cbor2 package for " + PYTHON + ": apt-get install -y python3-cbor2\n" + said);
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int k = 0; k < needle.length; k++) {
                if (haystack[i + k] != needle[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
