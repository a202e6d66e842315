package io.outpost.source.opcua;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.outpost.source.opcua.OpcUaSourceConfig.Security;
import io.outpost.source.opcua.OpcUaSourceConfig.TimestampSource;
import io.outpost.source.opcua.OpcUaSourceConfig.Mode;
import io.outpost.source.opcua.OpcUaSourceConfig.SecurityMode;
import io.outpost.source.opcua.OpcUaSourceConfig.SecurityPolicy;
import io.outpost.source.opcua.NodeTypeCheck.Verdict;
import io.outpost.testing.FreePorts;
import io.outpost.testing.MiloTestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The node check against a real Milo server: what is refused, with which message, and what passes. */
class NodeTypeCheckTest {

    @TempDir
    Path dir;

    @Test
    void arraysStructuresNonVariablesAndUnknownNodesAreRefusedScalarsAndTheirSubtypesPass() throws Exception {
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("ns=2;s=Double", "");
        expected.put("ns=2;s=String", "");
        expected.put("ns=2;s=Enumeration", "");
        expected.put("ns=2;s=UtcTime", "");
        expected.put("i=2259", "");
        expected.put("nsu=" + MiloTestServer.NAMESPACE + ";s=Int32", "");
        expected.put("ns=2;s=UndeclaredArray", "");
        expected.put("ns=2;s=DoubleArray", "node ns=2;s=DoubleArray is an array of Double (ValueRank 1); only scalar values are read");
        expected.put("ns=2;s=Structure", "node ns=2;s=Structure is a structure (BuildInfo); only scalar values are read");
        expected.put("ns=2;s=Guid", "node ns=2;s=Guid is a Guid; only numbers, booleans, strings, date-times and byte strings are read");
        expected.put("i=85", "node i=85 is an Object, not a Variable; only variable values are read");
        expected.put("i=2256", "node i=2256 is a structure (ServerStatusDataType); only scalar values are read");
        expected.put("i=2255", "node i=2255 is an array of String (ValueRank 1); only scalar values are read");
        expected.put("nsu=urn:nobody;s=X", "node nsu=urn:nobody;s=X: the server has no namespace urn:nobody");
        expected.put("ns=2;s=NoSuchNode", "node ns=2;s=NoSuchNode: Bad_NodeIdUnknown (The node id refers to a node that does not exist in the server address space.)");
        try (MiloTestServer server = new MiloTestServer(FreePorts.loopback()).start()) {
            OpcUaSourceConfig config = new OpcUaSourceConfig("plc", server.endpoint(), new Security(SecurityPolicy.NONE, SecurityMode.NONE, Optional.empty(), Optional.empty()), Mode.POLL,
                Duration.ofSeconds(1), TimestampSource.GATEWAY, List.of());
            OpcUaClient client = OpcUaClients.connect(config, dir.resolve("pki"), Optional.empty());
            try {
                List<Verdict> verdicts = new NodeTypeCheck(client).check(new ArrayList<>(expected.keySet()));
                Map<String, String> actual = new LinkedHashMap<>();
                int i = 0;
                for (String node : expected.keySet()) {
                    actual.put(node, verdicts.get(i++) instanceof Verdict.Refused r ? r.message() : "");
                }
                assertEquals(expected, actual);
            } finally {
                OpcUaClients.disconnectQuietly(client);
            }
        }
    }
}
