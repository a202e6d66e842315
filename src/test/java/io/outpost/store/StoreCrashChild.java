package io.outpost.store;

import io.outpost.config.StoreConfig.OnFull;
import io.outpost.core.Lane;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Semaphore;

/**
 * Run by {@link StoreCrashIT} in its own JVM: appends as fast as it can and prints {@code A <lane> <seq>}
 * once an append's future completed, and {@code R <lane> <seq>} just before acknowledging a record
 * 300 seqs older (so the file sees deletes and slot reuse too). It never ends by itself: the test
 * kills it with SIGKILL.
 */
public final class StoreCrashChild {

    static final int ACK_DISTANCE = 300;

    private StoreCrashChild() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.US_ASCII);
        MapDbRecordStore store = MapDbRecordStore.open(dir, 256L << 20, OnFull.DROP_OLDEST, (l, f, t, c, r) -> { });
        Semaphore inFlight = new Semaphore(512);
        for (long n = 0; ; n++) {
            inFlight.acquire();
            Lane lane = n % 10 == 0 ? Lane.ALARMS : Lane.TELEMETRY;
            store.append(lane, seq -> Payloads.of(lane, seq)).whenComplete((record, error) -> {
                inFlight.release();
                if (record == null) {
                    return;
                }
                synchronized (out) {
                    out.println("A " + lane.wireName() + " " + record.seq());
                    if (record.seq() > ACK_DISTANCE) {
                        out.println("R " + lane.wireName() + " " + (record.seq() - ACK_DISTANCE));
                    }
                    out.flush();
                }
                if (record.seq() > ACK_DISTANCE) {
                    store.acknowledge(lane, record.seq() - ACK_DISTANCE);
                }
            });
        }
    }
}
