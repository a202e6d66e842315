package io.outpost.source.opcua;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.value.Quality;
import io.outpost.value.Value;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.milo.opcua.stack.core.NamespaceTable;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.ULong;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned;
import org.junit.jupiter.api.Test;

class OpcUaValuesTest {

    @Test
    void scalarsMapToNumbersBooleansAndStrings() {
        assertEquals(Optional.of(Value.of(true)), OpcUaValues.toValue(true));
        assertEquals(Optional.of(Value.of(-3L)), OpcUaValues.toValue((byte) -3));
        assertEquals(Optional.of(Value.of(255L)), OpcUaValues.toValue(Unsigned.ubyte(255)));
        assertEquals(Optional.of(Value.of(65535L)), OpcUaValues.toValue(Unsigned.ushort(65535)));
        assertEquals(Optional.of(Value.of(Long.MAX_VALUE)), OpcUaValues.toValue(Long.MAX_VALUE));
        assertEquals(Optional.of(Value.of(1.8446744073709552E19)), OpcUaValues.toValue(ULong.valueOf("18446744073709551615")));
        assertEquals(Optional.of(Value.of(0.5)), OpcUaValues.toValue(0.5f));
        assertEquals(Optional.of(Value.of("x")), OpcUaValues.toValue("x"));
        assertEquals(Optional.of(Value.of("Hallo")), OpcUaValues.toValue(LocalizedText.english("Hallo")));
        assertEquals(Optional.of(Value.of("0aff")), OpcUaValues.toValue(ByteString.of(new byte[] {10, -1})));
    }

    @Test
    void arraysStructuresAndNullsAreNotValues() {
        assertEquals(Optional.empty(), OpcUaValues.toValue(new Double[] {1.0}));
        assertEquals(Optional.empty(), OpcUaValues.toValue(UUID.randomUUID()));
        assertEquals(Optional.empty(), OpcUaValues.toValue(null));
    }

    @Test
    void statusCodesMapToQualityAndReadableText() {
        assertEquals(Quality.GOOD, OpcUaValues.quality(StatusCode.GOOD));
        assertEquals(Quality.UNCERTAIN, OpcUaValues.quality(new StatusCode(StatusCodes.Uncertain_LastUsableValue)));
        assertEquals(Quality.BAD, OpcUaValues.quality(new StatusCode(StatusCodes.Bad_NodeIdUnknown)));
        assertTrue(OpcUaValues.describe(new StatusCode(StatusCodes.Bad_NodeIdUnknown)).startsWith("Bad_NodeIdUnknown ("));
    }

    @Test
    void nodeIdsParseInEveryFormAndNamespaceUrisResolveThroughTheTable() {
        NamespaceTable table = new NamespaceTable();
        table.add("urn:a");
        table.add("urn:b");
        assertEquals(new NodeId(2, "Line/T"), resolve("ns=2;s=Line/T", table));
        assertEquals(new NodeId(3, Unsigned.uint(1001)), resolve("ns=3;i=1001", table));
        UUID guid = UUID.fromString("09087e75-8e5e-499b-954f-f2a9603db28a");
        assertEquals(new NodeId(1, guid), resolve("ns=1;g=" + guid, table));
        assertEquals(new NodeId(1, ByteString.of(new byte[] {1, 2, 3})), resolve("ns=1;b=AQID", table));
        assertEquals(new NodeId(2, "Run"), resolve("nsu=urn:b;s=Run", table));
        assertEquals(new NodeTypeCheck.Verdict.Refused("node nsu=urn:nope;s=Run: the server has no namespace urn:nope"),
                NodeTypeCheck.resolve("nsu=urn:nope;s=Run", table));
    }

    @Test
    void errorsSayEachStatusAndMessageOnceWithoutWrapperOrClassNames() {
        Exception refused = new UaException(StatusCodes.Bad_ConnectionRejected,
                new java.net.ConnectException("Connection refused: /127.0.0.1:1"));
        assertEquals("Bad_ConnectionRejected (Could not establish a network connection to remote server.): "
                + "Connection refused: /127.0.0.1:1", OpcUaErrors.describe(new UaException(refused)));
        assertEquals("Bad_UnexpectedError (An unexpected error occurred.): unknown host plc.invalid",
                OpcUaErrors.describe(new UaException(StatusCodes.Bad_UnexpectedError, new java.net.UnknownHostException("plc.invalid"))));
    }

    private static NodeId resolve(String text, NamespaceTable table) {
        return ((NodeTypeCheck.Verdict.Readable) NodeTypeCheck.resolve(text, table)).node();
    }
}
