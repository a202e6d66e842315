package io.outpost.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.outpost.config.StoreConfig.OnFull;
import io.outpost.value.Lane;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a JVM that appends as fast as it can with SIGKILL at random moments, then checks in this JVM
 * that every append whose future had completed is in the store with its exact payload, and that seqs
 * continue above every seq seen, and that the state committed with the alarm records is the one of the
 * last alarm record the store has (record and state are atomic). Every other round the child fills and drains the store so that the
 * file is compacted again and again, and the kill may land in a compaction. The seed is printed;
 * rerun one with {@code -Dcrash.seed=<seed>}, or more rounds with {@code -Dcrash.rounds=<n>}.
 */
class StoreCrashIT {

    private static final int ROUNDS = Integer.getInteger("crash.rounds", 20);
    private static final int MAX_EXTRA_DELAY_MS = 500;

    @TempDir
    Path tmp;

    /** What the children reported, per store directory and lane. */
    private final Map<Path, Map<Lane, Set<Long>>> appendedIn = new HashMap<>();
    private final Map<Path, Map<Lane, Set<Long>>> removedIn = new HashMap<>();
    private Map<Lane, Set<Long>> appended;
    private Map<Lane, Set<Long>> removed;

    private static Map<Lane, Set<Long>> perLane() {
        Map<Lane, Set<Long>> map = new EnumMap<>(Lane.class);
        for (Lane lane : Lane.values()) {
            map.put(lane, new HashSet<>());
        }
        return map;
    }

    @Test
    void everyCompletedAppendSurvivesKillDashNine() throws Exception {
        long seed = Long.getLong("crash.seed", System.nanoTime());
        System.out.println("StoreCrashIT seed=" + seed);
        Random random = new Random(seed);
        int compactions = 0;
        for (int round = 1; round <= ROUNDS; round++) {
            String mode = round % 2 == 0 ? "compacting" : "steady";
            Path dir = tmp.resolve(mode);
            int delay = random.nextInt(MAX_EXTRA_DELAY_MS);
            int lines = runAndKill(dir, round, mode, delay);
            String log = Files.readString(tmp.resolve("child-" + round + ".err"));
            compactions += log.split("event=store-compacted", -1).length - 1;
            System.out.println("StoreCrashIT round=" + round + " mode=" + mode + " killed_after_extra_ms=" + delay
                    + " lines=" + lines + " compactions_so_far=" + compactions);
            verify(dir, round);
        }
        assertTrue(compactions > 0, "the compacting rounds compacted the file");
    }

    /** Starts the child, waits for its first completed append plus {@code delayMs}, kills it; returns lines read. */
    private int runAndKill(Path dir, int round, String mode, int delayMs) throws Exception {
        appended = appendedIn.computeIfAbsent(dir, d -> perLane());
        removed = removedIn.computeIfAbsent(dir, d -> perLane());
        Path stdout = tmp.resolve("child-" + round + ".out");
        Path stderr = tmp.resolve("child-" + round + ".err");
        Process child = new ProcessBuilder(ChildJvm.command(StoreCrashChild.class, dir.toString(), mode))
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile())
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (Files.size(stdout) == 0) {
            if (!child.isAlive() || System.nanoTime() > deadline) {
                child.destroyForcibly();
                fail("child made no progress in round " + round + ": " + Files.readString(stderr));
            }
            Thread.sleep(5);
        }
        Thread.sleep(delayMs);
        child.destroyForcibly(); // SIGKILL on Linux
        assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        String output = Files.readString(stdout, StandardCharsets.US_ASCII);
        // only whole lines count: a line the kill cut short was never completed
        List<String> lines = List.of(output.substring(0, output.lastIndexOf('\n') + 1).split("\n"));
        for (String line : lines) {
            String[] parts = line.split(" ");
            Lane lane = Lane.valueOf(parts[1].toUpperCase());
            (parts[0].equals("A") ? appended : removed).get(lane).add(Long.parseLong(parts[2]));
        }
        return lines.size();
    }

    private void verify(Path dir, int round) throws Exception {
        try (MapDbRecordStore store = MapDbRecordStore.open(dir, 256L << 20, OnFull.DROP_OLDEST, (l, f, t, c, r) -> { })) {
            assertTrue(store.recoveredFrom().isEmpty(), "round " + round + ": the store file was damaged by the kill");
            long lastAlarm = store.stats(Lane.ALARMS).lastSeq();
            assertEquals(lastAlarm == 0 ? "(none)" : Long.toString(lastAlarm), store.state("crash-test")
                    .map(b -> new String(b, StandardCharsets.US_ASCII)).orElse("(none)"),
                    "round " + round + ": the state is not the one of the last alarm record");
            for (Lane lane : Lane.values()) {
                Map<Long, byte[]> present = readAll(store, lane);
                for (Map.Entry<Long, byte[]> e : present.entrySet()) {
                    assertArrayEquals(Payloads.of(lane, e.getKey()), e.getValue(),
                            () -> "round " + round + ": " + lane + " seq " + e.getKey() + " has other content");
                }
                for (long seq : appended.get(lane)) {
                    if (!removed.get(lane).contains(seq)) {
                        assertTrue(present.containsKey(seq),
                                () -> "round " + round + ": completed " + lane + " seq " + seq + " is lost; " + store.stats(lane));
                    }
                }
                long maxSeen = appended.get(lane).stream().mapToLong(Long::longValue).max().orElse(0);
                assertTrue(store.stats(lane).lastSeq() >= maxSeen, "round " + round + ": " + lane + " seq went back");
                long expected = store.stats(lane).lastSeq() + 1;
                StoredRecord next = (lane == Lane.ALARMS
                        ? store.append(lane, seq -> Payloads.of(lane, seq), Payloads.stateFor(expected))
                        : store.append(lane, seq -> Payloads.of(lane, seq))).get(30, TimeUnit.SECONDS);
                assertTrue(next.seq() > maxSeen, "round " + round + ": " + lane + " seq " + next.seq() + " not above " + maxSeen);
                appended.get(lane).add(next.seq());
            }
        }
    }

    private static Map<Long, byte[]> readAll(RecordStore store, Lane lane) {
        Map<Long, byte[]> all = new HashMap<>();
        long after = 0;
        for (List<StoredRecord> page = store.read(lane, after, 500); !page.isEmpty(); page = store.read(lane, after, 500)) {
            for (StoredRecord r : page) {
                assertEquals(null, all.put(r.seq(), r.payload()));
                after = r.seq();
            }
        }
        return all;
    }
}
