package io.outpost.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Positions of key paths in a file that loaded, for problems found afterwards. */
class KeyPositionsTest {

    @TempDir
    Path dir;

    @Test
    void findsValuesInListsFlowMappingsAndMergedEntriesAndFallsBackToTheFirstLine() throws Exception {
        Path file = dir.resolve("outpost.yaml");
        Files.writeString(file, """
                x-node: &node
                  node: ns=2;s=Merged
                sources:
                  - name: plc
                    endpoint: opc.tcp://plc:4840
                    tags:
                      - { name: a, node: "ns=2;s=A" }
                      - <<: *node
                        name: b
                """);
        assertEquals(file + ":5:15: sources[0].endpoint: unreachable",
                KeyPositions.problem(file, "sources[0].endpoint", "unreachable").format());
        assertEquals(file + ":7:26: sources[0].tags[0].node: refused",
                KeyPositions.problem(file, "sources[0].tags[0].node", "refused").format());
        assertEquals(file + ":2:9: sources[0].tags[1].node: refused",
                KeyPositions.problem(file, "sources[0].tags[1].node", "refused").format(), "where the merged value is written");
        assertEquals(file + ":1:1: sources[3].endpoint: gone",
                KeyPositions.problem(file, "sources[3].endpoint", "gone").format());
    }
}
