package io.outpost.source.opcua;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.core.typetree.DataType;
import org.eclipse.milo.opcua.sdk.core.typetree.DataTypeTree;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.NamespaceTable;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.OpcUaDataType;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.ExpandedNodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.enumerated.NodeClass;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadValueId;

/**
 * Asks the server, in one Read request, each tag node's NodeClass, DataType and ValueRank, and
 * refuses the nodes the source cannot read as one scalar value: arrays, structures, built-in types
 * with no Outpost value (Guid, NodeId, ...), nodes that are not variables, nodes the server does not
 * know. Data types outside the built-in ones (enumerations, UtcTime, vendor subtypes) are placed
 * through the server's data type tree, which is read only when such a type occurs.
 *
 * <p>ValueRank Any (-2) and ScalarOrOneDimension (-3) pass: servers declare plain scalars that way
 * too, and refusing them would stop values that do flow; an array that does arrive there is still
 * refused sample by sample when it is delivered.
 */
public final class NodeTypeCheck {

    private static final int SCALAR = -1;
    /** The built-in types {@link OpcUaValues#toValue} carries; Variant stands for abstract types (BaseDataType, Number, ...). */
    private static final Set<OpcUaDataType> READABLE = EnumSet.of(OpcUaDataType.Boolean, OpcUaDataType.SByte,
            OpcUaDataType.Byte, OpcUaDataType.Int16, OpcUaDataType.UInt16, OpcUaDataType.Int32, OpcUaDataType.UInt32,
            OpcUaDataType.Int64, OpcUaDataType.UInt64, OpcUaDataType.Float, OpcUaDataType.Double, OpcUaDataType.String,
            OpcUaDataType.DateTime, OpcUaDataType.ByteString, OpcUaDataType.LocalizedText, OpcUaDataType.Variant);

    /** What the check says about one tag's node. */
    public sealed interface Verdict {
        /** The node can be read; {@code node} is its id resolved through the server's namespace table. */
        record Readable(NodeId node) implements Verdict {
        }

        /** The node cannot be read as one scalar value, and why, naming the node as the config writes it. */
        record Refused(String message) implements Verdict {
        }
    }

    private final OpcUaClient client;

    /** {@code client}: connected. */
    public NodeTypeCheck(OpcUaClient client) {
        this.client = client;
    }

    /** One verdict per node id (as the config writes it), in order. */
    public List<Verdict> check(List<String> nodeIds) throws UaException {
        NamespaceTable namespaces = client.readNamespaceTable();
        List<Verdict> verdicts = new ArrayList<>();
        List<ReadValueId> reads = new ArrayList<>();
        for (String text : nodeIds) {
            Verdict resolved = resolve(text, namespaces);
            verdicts.add(resolved);
            if (resolved instanceof Verdict.Readable r) {
                reads.add(read(r.node(), AttributeId.NodeClass));
                reads.add(read(r.node(), AttributeId.DataType));
                reads.add(read(r.node(), AttributeId.ValueRank));
            }
        }
        if (reads.isEmpty()) {
            return verdicts;
        }
        DataValue[] results = client.read(0.0, TimestampsToReturn.Neither, reads).getResults();
        Types types = new Types(client);
        int next = 0;
        for (int i = 0; i < verdicts.size(); i++) {
            if (verdicts.get(i) instanceof Verdict.Readable) {
                verdicts.set(i, classify(nodeIds.get(i), verdicts.get(i), results[next], results[next + 1],
                        results[next + 2], types));
                next += 3;
            }
        }
        return verdicts;
    }

    /** Plain node ids parse as they are; {@code nsu=<uri>;…} goes through the server's namespace table. */
    static Verdict resolve(String text, NamespaceTable namespaces) {
        if (text.startsWith("nsu=")) {
            ExpandedNodeId expanded = ExpandedNodeId.parse(text);
            return expanded.toNodeId(namespaces).<Verdict>map(Verdict.Readable::new).orElseGet(() -> new Verdict.Refused(
                    "node " + text + ": the server has no namespace " + expanded.getNamespaceUri()));
        }
        return new Verdict.Readable(NodeId.parse(text));
    }

    private static ReadValueId read(NodeId node, AttributeId attribute) {
        return new ReadValueId(node, attribute.uid(), null, QualifiedName.NULL_VALUE);
    }

    private static Verdict classify(String text, Verdict readable, DataValue nodeClass, DataValue dataType,
            DataValue valueRank, Types types) throws UaException {
        if (!nodeClass.getStatusCode().isGood()) {
            return new Verdict.Refused("node " + text + ": " + OpcUaValues.describe(nodeClass.getStatusCode()));
        }
        Object kind = nodeClass.getValue().getValue();
        NodeClass cls = kind instanceof Integer n ? NodeClass.from(n) : null;
        if (cls != NodeClass.Variable) {
            return new Verdict.Refused("node " + text + " is " + (cls == null ? "not a variable" : article(cls.name()) + " "
                    + cls.name() + ", not a Variable") + "; only variable values are read");
        }
        if (!(dataType.getValue().getValue() instanceof NodeId type)) {
            return readable;  // A server that does not say: the value decides when it arrives.
        }
        int rank = valueRank.getValue().getValue() instanceof Integer r ? r : SCALAR;
        String typeName = types.name(type);
        if (rank >= 0) {
            return new Verdict.Refused("node " + text + " is an array of " + typeName + " (ValueRank " + rank
                    + "); only scalar values are read");
        }
        if (types.isStructure(type)) {
            return new Verdict.Refused("node " + text + " is a structure (" + typeName + "); only scalar values are read");
        }
        Optional<OpcUaDataType> builtin = types.builtin(type);
        if (builtin.isPresent() && !READABLE.contains(builtin.get())) {
            return new Verdict.Refused("node " + text + " is " + article(typeName) + " " + typeName
                    + "; only numbers, booleans, strings, date-times and byte strings are read");
        }
        return readable;
    }

    private static String article(String word) {
        return "AEIOU".indexOf(Character.toUpperCase(word.charAt(0))) >= 0 ? "an" : "a";
    }

    /** Places data types: the built-in ones directly, any other through the server's type tree, read once if needed. */
    private static final class Types {
        private final OpcUaClient client;
        private DataTypeTree tree;

        Types(OpcUaClient client) {
            this.client = client;
        }

        Optional<OpcUaDataType> builtin(NodeId type) throws UaException {
            if (OpcUaDataType.isBuiltin(type)) {
                return Optional.of(OpcUaDataType.fromNodeId(type));
            }
            if (tree().isEnumType(type)) {
                return Optional.of(OpcUaDataType.Int32);
            }
            return Optional.ofNullable(tree().getBuiltinType(type));
        }

        boolean isStructure(NodeId type) throws UaException {
            if (OpcUaDataType.isBuiltin(type)) {
                return OpcUaDataType.fromNodeId(type) == OpcUaDataType.ExtensionObject;
            }
            return type.equals(NodeIds.Structure) || tree().isStructType(type)
                    || tree().getBuiltinType(type) == OpcUaDataType.ExtensionObject;
        }

        String name(NodeId type) throws UaException {
            if (OpcUaDataType.isBuiltin(type)) {
                return OpcUaDataType.fromNodeId(type).name();
            }
            DataType known = tree().getDataType(type);
            return known != null && known.getBrowseName() != null ? known.getBrowseName().getName() : type.toParseableString();
        }

        private DataTypeTree tree() throws UaException {
            if (tree == null) {
                tree = client.getDataTypeTree();
            }
            return tree;
        }
    }
}
