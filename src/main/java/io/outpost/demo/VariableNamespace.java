package io.outpost.demo;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.eclipse.milo.opcua.sdk.server.ManagedNamespaceWithLifecycle;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.items.DataItem;
import org.eclipse.milo.opcua.sdk.server.items.MonitoredItem;
import org.eclipse.milo.opcua.sdk.server.nodes.UaVariableNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaVariableNode.UaVariableNodeBuilder;
import org.eclipse.milo.opcua.sdk.server.util.SubscriptionModel;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned;

/**
 * A namespace of plain variables ({@code s=<name>}) on an in-process Milo server, with the
 * subscription model that turns a value change into notifications for monitored items. The demo's
 * line controller, the test server and the benchmark server are all made of one.
 */
public final class VariableNamespace extends ManagedNamespaceWithLifecycle {

    private final SubscriptionModel subscriptions;
    private final Map<String, UaVariableNode> variables = new ConcurrentHashMap<>();

    /** {@code variables} runs when the namespace starts up: it adds the variables with {@link #add}. */
    public VariableNamespace(OpcUaServer server, String uri, Consumer<VariableNamespace> variables) {
        super(server, uri);
        subscriptions = new SubscriptionModel(server, this);
        getLifecycleManager().addLifecycle(subscriptions);
        getLifecycleManager().addStartupTask(() -> variables.accept(this));
    }

    /** A read-only scalar variable {@code s=<name>} of type {@code dataType}. */
    public UaVariableNode add(String name, NodeId dataType, Variant initial) {
        return add(name, dataType, initial, builder -> { });
    }

    /** As {@link #add(String, NodeId, Variant)}, with {@code customize} changing the node before it is added. */
    public UaVariableNode add(String name, NodeId dataType, Variant initial, Consumer<UaVariableNodeBuilder> customize) {
        UaVariableNodeBuilder builder = new UaVariableNodeBuilder(getNodeContext())
                .setNodeId(newNodeId(name))
                .setBrowseName(newQualifiedName(name))
                .setDisplayName(LocalizedText.english(name))
                .setDataType(dataType)
                .setTypeDefinition(NodeIds.BaseDataVariableType)
                .setAccessLevel(Unsigned.ubyte(1))
                .setUserAccessLevel(Unsigned.ubyte(1))
                .setValue(new DataValue(initial));
        customize.accept(builder);
        UaVariableNode node = builder.buildAndAdd();
        variables.put(name, node);
        return node;
    }

    /** Sets variable {@code name}, stamped now; an equal value is left alone, so no notification goes out. */
    public void set(String name, Object value) {
        UaVariableNode node = variables.get(name);
        if (!value.equals(node.getValue().getValue().getValue())) {
            node.setValue(new DataValue(new Variant(value)));
        }
    }

    /** Sets variable {@code name} to {@code value}, stamped now, even when it is equal. */
    public void replace(String name, Variant value) {
        replace(name, new DataValue(value));
    }

    /** Sets variable {@code name} to {@code value} with the timestamps it carries. */
    public void replace(String name, DataValue value) {
        variables.get(name).setValue(value);
    }

    @Override
    public void onDataItemsCreated(List<DataItem> items) {
        subscriptions.onDataItemsCreated(items);
    }

    @Override
    public void onDataItemsModified(List<DataItem> items) {
        subscriptions.onDataItemsModified(items);
    }

    @Override
    public void onDataItemsDeleted(List<DataItem> items) {
        subscriptions.onDataItemsDeleted(items);
    }

    @Override
    public void onMonitoringModeChanged(List<MonitoredItem> items) {
        subscriptions.onMonitoringModeChanged(items);
    }
}
