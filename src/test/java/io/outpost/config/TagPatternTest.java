package io.outpost.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.value.TagId;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TagPatternTest {

    private static final TagId TEMP1 = new TagId("press1", "temp1");

    @Test
    void starIsAnyRunQuestionMarkOneCharacterEachWithinItsPart() {
        assertTrue(new TagPattern("press1/temp1").matches(TEMP1));
        assertTrue(new TagPattern("press1/*").matches(TEMP1));
        assertTrue(new TagPattern("*/temp?").matches(TEMP1));
        assertTrue(new TagPattern("pr*1/t*p*").matches(TEMP1));
        assertFalse(new TagPattern("press1/temp").matches(TEMP1), "a pattern matches the whole name");
        assertFalse(new TagPattern("press1/temp1?").matches(TEMP1));
        assertFalse(new TagPattern("press2/*").matches(TEMP1));
        assertFalse(new TagPattern("*/press1").matches(TEMP1), "the source part matches the source only");
    }

    @Test
    void anythingButSourceSlashNameIsRefusedSayingHowToWriteIt() {
        for (String bad : List.of("press1", "*/", "/x", "a/b/c", "a b/c", "a/[bc]")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new TagPattern(bad), bad);
            assertTrue(e.getMessage().contains("write `source/name`"), e.getMessage());
        }
    }

    @Test
    void theLabelledTagsAreTheOnesAnyPatternMatchesInTheGivenOrder() {
        TagId speed = new TagId("press1", "speed");
        TagId door = new TagId("panel", "door");
        MetricsConfig metrics = new MetricsConfig(Optional.empty(), Duration.ofMinutes(1),
                List.of(new TagPattern("*/door"), new TagPattern("press1/temp*")));
        assertEquals(List.of(TEMP1, door), metrics.labelledTags(List.of(TEMP1, speed, door)));
        assertEquals(List.of(), MetricsConfig.ABSENT.labelledTags(List.of(TEMP1, speed, door)), "none by default");
    }
}
