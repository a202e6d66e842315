package io.outpost.uplink;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TopicFilterTest {

    @Test
    void matchesAsMqtt5Section47Says() {
        String[][] cases = {
            {"p/cmd/+", "p/cmd/ping", "true"},
            {"p/cmd/+", "p/cmd/", "true"},
            {"p/cmd/+", "p/cmd", "false"},
            {"p/cmd/+", "p/cmd/a/b", "false"},
            {"p/cmd/+", "p/cmdx/a", "false"},
            {"p/#", "p", "true"},
            {"p/#", "p/a/b", "true"},
            {"#", "$SYS/x", "false"},
            {"+/x", "$SYS/x", "false"},
            {"+/+", "/", "true"},
            {"a/b", "a/b", "true"},
            {"a/b", "a/c", "false"},
        };
        for (String[] c : cases) {
            assertEquals(Boolean.parseBoolean(c[2]), TopicFilter.matches(c[0], c[1]), c[0] + " vs " + c[1]);
        }
    }
}
