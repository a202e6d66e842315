package io.outpost.uplink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.outpost.uplink.LinkLifecycle.Phase;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LinkLifecycleTest {

    private final List<String> heard = new ArrayList<>();
    private final LinkLifecycle lifecycle = new LinkLifecycle(new LinkReport(new UplinkListener() {
        @Override
        public void linkStateChanged(LinkState state, String reason) {
            heard.add(state + ":" + reason);
        }
    }));

    @Test
    void countsConnectsFailuresAndLossesOnTheTransitionsThatMeanThem() {
        walk(Phase.CONNECTING, Phase.BACKING_OFF, Phase.CONNECTING, Phase.UP, Phase.BACKING_OFF, Phase.CONNECTING, Phase.UP,
                Phase.CLOSING, Phase.CLOSED);
        assertEquals(2, lifecycle.connects());
        assertEquals(1, lifecycle.failedConnects());
        assertEquals(2, lifecycle.disconnects(), "a loss and a close");
        assertEquals(LinkState.DOWN, lifecycle.state());
    }

    @Test
    void theListenerHearsOnlyChangesOfTheVisibleState() {
        walk(Phase.CONNECTING, Phase.UP, Phase.CLOSING, Phase.CLOSED);
        assertEquals(List.of("CONNECTING:to CONNECTING", "UP:to UP", "DOWN:to CLOSING"), heard, "CLOSING to CLOSED is DOWN to DOWN");
    }

    @Test
    void refusesATransitionThatIsNotInTheTable() {
        assertThrows(IllegalStateException.class, () -> lifecycle.moveTo(Phase.UP, "no attempt yet"));
        lifecycle.moveTo(Phase.CONNECTING, "");
        assertThrows(IllegalStateException.class, () -> lifecycle.moveTo(Phase.CONNECTING, "twice"));
        lifecycle.moveTo(Phase.CLOSING, "closed");
        assertThrows(IllegalStateException.class, () -> lifecycle.moveTo(Phase.CONNECTING, "after close"));
        assertEquals(Phase.CLOSING, lifecycle.phase(), "a refused transition changes nothing");
        assertEquals(0, lifecycle.failedConnects(), "a close during an attempt is not a failed attempt");
    }

    private void walk(Phase... phases) {
        for (Phase phase : phases) {
            lifecycle.moveTo(phase, "to " + phase);
        }
    }
}
