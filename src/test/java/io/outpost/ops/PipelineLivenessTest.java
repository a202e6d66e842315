package io.outpost.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.threads.Heartbeat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PipelineLivenessTest {

    private static final long GRACE = TimeUnit.SECONDS.toNanos(15);

    @Test
    void aLoopThatKeepsItsPromiseIsAliveHoweverLongItIdles() {
        Heartbeat writer = new Heartbeat("store-writer", 0);
        writer.beat(2, TimeUnit.MINUTES);
        PipelineLiveness liveness = new PipelineLiveness(List.of(writer), GRACE);

        assertTrue(liveness.stalls(System.nanoTime() + TimeUnit.SECONDS.toNanos(130)).isEmpty());
    }

    @Test
    void aLoopSilentBeyondItsPromiseAndTheGraceIsStalledAndNamed() {
        Heartbeat writer = new Heartbeat("store-writer", 0);
        Heartbeat uplink = new Heartbeat("uplink", 0);
        writer.beat(1, TimeUnit.SECONDS);
        uplink.beat(1, TimeUnit.HOURS);
        PipelineLiveness liveness = new PipelineLiveness(List.of(writer, uplink), GRACE);

        List<PipelineLiveness.Stall> stalls = liveness.stalls(System.nanoTime() + TimeUnit.SECONDS.toNanos(20));

        assertEquals(List.of("store-writer"), stalls.stream().map(PipelineLiveness.Stall::part).toList());
        assertTrue(stalls.get(0).silentMillis() >= 15_000, stalls.toString());
    }

    @Test
    void withinTheGraceALateLoopIsStillAlive() {
        Heartbeat writer = new Heartbeat("store-writer", 0);
        writer.beat(1, TimeUnit.SECONDS);
        PipelineLiveness liveness = new PipelineLiveness(List.of(writer), GRACE);

        assertTrue(liveness.stalls(System.nanoTime() + TimeUnit.SECONDS.toNanos(10)).isEmpty());
    }

    @Test
    void aLoopThatNeverCameRoundIsStalledOnceItsStartUpAllowanceIsOver() {
        Heartbeat never = new Heartbeat("uplink", TimeUnit.SECONDS.toNanos(10));
        PipelineLiveness liveness = new PipelineLiveness(List.of(never), GRACE);

        assertTrue(liveness.stalls(System.nanoTime() + TimeUnit.SECONDS.toNanos(5)).isEmpty());
        assertEquals(1, liveness.stalls(System.nanoTime() + TimeUnit.SECONDS.toNanos(30)).size());
    }
}
