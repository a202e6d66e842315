package io.outpost.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.outpost.source.SourceHealth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SourceWatchTest {

    private final Map<String, SourceHealth> health = new LinkedHashMap<>();
    private final List<String> events = new ArrayList<>();
    private final SourceWatch watch = new SourceWatch(() -> health, (type, fields) -> events.add(type + " " + fields),
            Set.of("gpio"));

    private void check(String source, boolean up, long failures, String error) {
        health.put(source, new SourceHealth(up, 10, failures, Optional.ofNullable(error)));
        watch.run();
    }

    @Test
    void eachTransitionIsOneEventWithTheLastErrorAsTheReason() {
        check("plc", true, 0, null);
        check("plc", true, 0, null);
        check("plc", false, 1, "read timed out");
        check("plc", false, 5, "read timed out");
        check("plc", true, 5, null);
        check("plc", true, 5, null);
        check("plc", false, 6, null);
        assertEquals(List.of("source-down {source=plc, reason=read timed out}", "source-up {source=plc}",
                "source-down {source=plc, reason=down, no error given}"), events);
    }

    @Test
    void aSourceThatNeverCameUpIsDownOnceItFailsAndUpWhenItConnects() {
        check("line", false, 0, null);
        assertEquals(List.of(), events, "not tried yet: nothing to say");
        check("line", false, 1, "cannot connect");
        check("line", false, 2, "cannot connect");
        check("line", true, 2, null);
        assertEquals(List.of("source-down {source=line, reason=cannot connect}", "source-up {source=line}"), events);
    }

    @Test
    void aSourceThatFailedToStartIsNotReportedAgainAndNothingFollowsStop() {
        check("gpio", false, 1, "no /dev/gpiochip0");
        assertEquals(List.of(), events);
        watch.stop();
        check("plc", false, 1, "closed");
        assertEquals(List.of(), events);
    }

    @Test
    void aHealthThatThrowsIsLoggedAndTheNextCheckStillRuns() {
        List<Boolean> throwNext = new ArrayList<>(List.of(true));
        SourceWatch flaky = new SourceWatch(() -> {
            if (throwNext.remove(0)) {
                throw new IllegalStateException("closing");
            }
            return Map.of("plc", new SourceHealth(false, 1, 1, Optional.of("gone")));
        }, (type, fields) -> events.add(type + " " + fields), Set.of());
        throwNext.add(false);
        flaky.run();
        flaky.run();
        assertEquals(List.of("source-down {source=plc, reason=gone}"), events);
    }
}
