package io.outpost.ops;

import io.outpost.threads.Heartbeat;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Whether the data path's loops are alive: each {@link Heartbeat} (the store writer's, the uplink's)
 * kept its last promise, give or take {@code grace} for the work between two beats (a commit, a
 * batch of publishes). An idle loop is alive: it waits a bounded time and beats again. A loop that
 * has not come round for longer than it said, plus the grace, is stalled.
 */
final class PipelineLiveness {

    /** A loop silent beyond its promise and the grace. */
    record Stall(String part, long silentMillis) {
        @Override
        public String toString() {
            return part + " silent " + silentMillis + " ms";
        }
    }

    private final List<Heartbeat> parts;
    private final long graceNanos;

    PipelineLiveness(List<Heartbeat> parts, long graceNanos) {
        this.parts = List.copyOf(parts);
        this.graceNanos = graceNanos;
    }

    /** The stalled loops at {@code nowNanos}; empty while the pipeline is alive. */
    List<Stall> stalls(long nowNanos) {
        List<Stall> stalls = new ArrayList<>();
        for (Heartbeat part : parts) {
            long overdue = part.overdueNanos(nowNanos);
            if (overdue > graceNanos) {
                stalls.add(new Stall(part.name(), TimeUnit.NANOSECONDS.toMillis(overdue)));
            }
        }
        return stalls;
    }
}
