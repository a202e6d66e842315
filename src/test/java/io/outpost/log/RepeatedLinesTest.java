package io.outpost.log;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RepeatedLinesTest {

    private static final long SECOND = Duration.ofSeconds(1).toNanos();

    @Test
    void theFirstLineGoesTheRepeatsOfAMinuteAreCountedAndTheNextLineSaysHowMany() {
        RepeatedLines lines = new RepeatedLines();
        assertEquals(Optional.of(""), lines.admit("model-run-failed m1", 0));
        for (int i = 1; i <= 57; i++) {
            assertEquals(Optional.empty(), lines.admit("model-run-failed m1", i * SECOND));
        }
        assertEquals(Optional.of(""), lines.admit("model-run-failed m2", 30 * SECOND), "another key has its own count");
        assertEquals(Optional.of(" (repeated 57 times in 60 s)"), lines.admit("model-run-failed m1", 60 * SECOND));
        assertEquals(Optional.empty(), lines.admit("model-run-failed m1", 61 * SECOND));
        assertEquals(Optional.of(" (repeated 1 times in 90 s)"), lines.admit("model-run-failed m1", 150 * SECOND));
        assertEquals(Optional.of(""), lines.admit("model-run-failed m1", 300 * SECOND), "nothing repeated in between");
    }

    @Test
    void keysAreBounded() {
        RepeatedLines lines = new RepeatedLines();
        for (int i = 0; i <= RepeatedLines.MAX_KEYS; i++) {
            lines.admit("k" + i, 0);
        }
        assertEquals(Optional.of(""), lines.admit("k0", SECOND), "the oldest key was forgotten: logged as new");
    }
}
