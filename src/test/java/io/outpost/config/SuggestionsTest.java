package io.outpost.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SuggestionsTest {

    private static final List<String> KEYS = List.of("poll_interval", "timeout", "tags", "type", "name", "port");

    @Test
    void suggestsTheClosestKeyWithinTwoEdits() {
        assertEquals(Optional.of("poll_interval"), Suggestions.closest("poll_intreval", KEYS));
        assertEquals(Optional.of("timeout"), Suggestions.closest("tiemout", KEYS));
        assertEquals(Optional.of("poll_interval"), Suggestions.closest("pollInterval", KEYS));
        assertEquals(Optional.of("poll_interval"), Suggestions.closest("poll-interval", KEYS));
        assertEquals(Optional.of("timeout"), Suggestions.closest("TIMEOUT", KEYS));
    }

    @Test
    void shortWordsGetOneEditAndFarWordsNone() {
        assertEquals(Optional.of("port"), Suggestions.closest("prt", KEYS));
        assertEquals(Optional.empty(), Suggestions.closest("host", KEYS));
        assertEquals(Optional.empty(), Suggestions.closest("colour", KEYS));
    }

    @Test
    void distanceIsLevenshteinCappedEarly() {
        assertEquals(0, Suggestions.distance("abc", "abc", 5));
        assertEquals(1, Suggestions.distance("abc", "abd", 5));
        assertEquals(3, Suggestions.distance("kitten", "sitting", 5));
        assertEquals(2, Suggestions.distance("kitten", "sitting", 2));
        assertEquals(2, Suggestions.distance("a", "abcdef", 2));
    }
}
