package io.outpost.manage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.process.LatestValues;
import io.outpost.value.Quality;
import io.outpost.value.Sample;
import io.outpost.value.TagId;
import io.outpost.value.Value;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TagsCommandTest {

    private final LatestValues latest = new LatestValues();
    private final LocalCommands local = new LocalCommands(Map.of("tags", new TagsCommand(List.of(
            new TagsCommand.Entry(TagId.parse("press1/pressure"), "press1"),
            new TagsCommand.Entry(TagId.parse("press1/count"), "press1"),
            new TagsCommand.Entry(TagId.parse("ml/score"), "model:ml")), latest::of, () -> 10_000L)));

    @Test
    void everyTagWithItsLastReadingAndAgeNullsForOneNotReadAndBadHasNoValue() {
        latest.accept(new Sample(TagId.parse("press1/pressure"), 9_750, Value.of(7.25), Quality.GOOD));
        latest.accept(new Sample(TagId.parse("press1/count"), 9_000, Value.NONE, Quality.BAD));
        assertEquals("{\"ok\":true,\"ts\":10000,\"tags\":["
                + "{\"tag\":\"press1/pressure\",\"source\":\"press1\",\"value\":7.25,\"quality\":\"good\",\"ts\":9750,\"age_ms\":250},"
                + "{\"tag\":\"press1/count\",\"source\":\"press1\",\"value\":null,\"quality\":\"bad\",\"ts\":9000,\"age_ms\":1000},"
                + "{\"tag\":\"ml/score\",\"source\":\"model:ml\",\"value\":null,\"quality\":null,\"ts\":null,\"age_ms\":null}]}",
                local.answer("v1 tags"));
    }

    @Test
    void aPatternKeepsTheMatchingAddressesAndBadRequestsAreRefused() {
        assertTrue(local.answer("tags {\"pattern\":\"press1/*\"}").contains("press1/count"));
        assertFalse(local.answer("tags {\"pattern\":\"press1/*\"}").contains("ml/score"));
        assertEquals("{\"ok\":true,\"ts\":10000,\"tags\":[]}", local.answer("tags {\"pattern\":\"press1.*\"}"));
        assertTrue(local.answer("tags {\"pattern\":\"?l/sc*\"}").contains("ml/score"));
        assertEquals("{\"ok\":false,\"error\":\"\\\"pattern\\\" must be a non-empty string, e.g. \\\"press1/*\\\"\"}",
                local.answer("tags {\"pattern\":3}"));
        assertEquals("{\"ok\":false,\"error\":\"unknown field \\\"all\\\"; tags takes \\\"pattern\\\"\"}",
                local.answer("tags {\"all\":true}"));
        assertEquals("{\"ok\":false,\"error\":\"admin protocol v2 is not spoken here; this daemon speaks v1: use the outpost"
                + " command of the daemon's own version\"}", local.answer("v2 tags"));
    }
}
