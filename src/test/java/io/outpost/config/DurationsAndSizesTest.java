package io.outpost.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class DurationsAndSizesTest {

    @Test
    void parsesEveryDurationUnit() {
        assertEquals(Duration.ofMillis(250), Durations.parse("250ms"));
        assertEquals(Duration.ofSeconds(5), Durations.parse("5s"));
        assertEquals(Duration.ofMinutes(2), Durations.parse("2m"));
        assertEquals(Duration.ofHours(1), Durations.parse("1h"));
        assertEquals(Duration.ZERO, Durations.parse("0ms"));
    }

    @Test
    void refusesDurationsWhoseUnitWouldBeAGuess() {
        for (String bad : List.of("5", "5 s", "1.5s", "-1s", "5S", "5sec", "", "s", "1m30s", " 5s", "999999999999999h")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durations.parse(bad), bad);
            assertTrue(e.getMessage().startsWith("\"" + bad + "\""), e.getMessage());
        }
    }

    @Test
    void formatsDurationsInTheLargestExactUnit() {
        assertEquals("200ms", Durations.format(Duration.ofMillis(200)));
        assertEquals("1500ms", Durations.format(Duration.ofMillis(1500)));
        assertEquals("90s", Durations.format(Duration.ofSeconds(90)));
        assertEquals("2m", Durations.format(Duration.ofMinutes(2)));
        assertEquals("36h", Durations.format(Duration.ofHours(36)));
        assertEquals("0ms", Durations.format(Duration.ZERO));
        for (String text : List.of("1ms", "59s", "61m", "25h")) {
            assertEquals(text, Durations.format(Durations.parse(text)));
        }
    }

    @Test
    void parsesSizesInPowersOf1024() {
        assertEquals(64L * 1024, Sizes.parse("64KB"));
        assertEquals(256L * 1024 * 1024, Sizes.parse("256MB"));
        assertEquals(1L << 30, Sizes.parse("1GB"));
        assertEquals(512, Sizes.parse("512B"));
        assertEquals(256L * 1024 * 1024, Sizes.parse("256mb"));
    }

    @Test
    void refusesSizesWithoutAKnownUnit() {
        for (String bad : List.of("256", "1TB", "64 KB", "1.5GB", "-1MB", "MB", "9999999999GB")) {
            assertThrows(IllegalArgumentException.class, () -> Sizes.parse(bad), bad);
        }
    }

    @Test
    void formatsSizesInTheLargestExactUnit() {
        assertEquals("256MB", Sizes.format(256L * 1024 * 1024));
        assertEquals("1536KB", Sizes.format(1536L * 1024));
        assertEquals("1GB", Sizes.format(1L << 30));
        assertEquals("1000B", Sizes.format(1000));
    }
}
