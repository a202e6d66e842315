package io.outpost.source.opcua;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.eclipse.milo.opcua.stack.core.types.builtin.ExpandedNodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.junit.jupiter.api.Test;

/**
 * Every node id that passes validation is one the OPC UA source's parser (Milo's) reads; the refused
 * ones include every form Milo fails on, plus empty {@code s=}/{@code b=} identifiers, which Milo
 * parses but no server names a node by.
 */
class NodeIdSyntaxTest {

    private static final List<String> ACCEPTED = List.of(
            "ns=2;s=Line/Temperature", "ns=2;s=a;b", "ns=3;i=1001", "ns=65535;i=4294967295", "i=0", "i=2258",
            "ns=1;g=72962b91-fa75-4ae6-8d28-b404dc7daf63", "ns=1;g=72962B91-FA75-4AE6-8D28-B404DC7DAF63",
            "ns=1;b=AQID", "ns=1;b=AQ", "ns=1;b=abc", "nsu=urn:example:plc;s=T", "nsu=urn:x;i=5",
            "nsu=urn:x;g=72962b91-fa75-4ae6-8d28-b404dc7daf63", "nsu=urn:x;b=AQID");
    private static final List<String> REFUSED = List.of(
            "ns=2;x=1", "ns=;s=a", "ns=70000;i=1", "ns=2", "i=abc", "i=-1", "i=4294967296", "i=99999999999",
            "ns=1;g=zz", "ns=1;g=72962b91-fa75-4ae6-8d28", "ns=1;b=@@", "ns=1;b=A", "", "nsu=urn:x",
            "Line/Temperature", "ns=2; s=a", " i=5", "i=5 ", "x=5", "i=", "g=", "b=");

    @Test
    void everyAcceptedFormParsesWithMilo() {
        for (String form : ACCEPTED) {
            assertTrue(configAccepts(form), form);
            assertTrue(miloParses(form), form);
        }
    }

    @Test
    void everyFormMiloFailsOnIsRefused() {
        for (String form : REFUSED) {
            assertFalse(configAccepts(form), form);
        }
        assertTrue(REFUSED.stream().filter(form -> !miloParses(form)).count() >= REFUSED.size() - 3,
                "the refused forms are mostly ones Milo fails on too");
    }

    private static boolean configAccepts(String text) {
        try {
            NodeIdSyntax.check(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean miloParses(String text) {
        try {
            if (text.startsWith("nsu=")) {
                ExpandedNodeId.parse(text);
            } else {
                NodeId.parse(text);
            }
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
