package io.outpost.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.milo.opcua.sdk.server.EndpointConfig;
import org.eclipse.milo.opcua.sdk.server.ManagedNamespaceWithLifecycle;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.OpcUaServerConfig;
import org.eclipse.milo.opcua.sdk.server.identity.AnonymousIdentityValidator;
import org.eclipse.milo.opcua.sdk.server.items.DataItem;
import org.eclipse.milo.opcua.sdk.server.items.MonitoredItem;
import org.eclipse.milo.opcua.sdk.server.nodes.UaVariableNode;
import org.eclipse.milo.opcua.sdk.server.nodes.filters.AttributeFilters;
import org.eclipse.milo.opcua.sdk.server.util.SubscriptionModel;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.security.DefaultCertificateManager;
import org.eclipse.milo.opcua.stack.core.security.MemoryCertificateQuarantine;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.transport.TransportProfile;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.types.structured.BuildInfo;
import org.eclipse.milo.opcua.stack.transport.server.tcp.OpcTcpServerTransport;
import org.eclipse.milo.opcua.stack.transport.server.tcp.OpcTcpServerTransportConfig;

/**
 * The device side of {@code bench/opcua.sh}, in its own JVM so the gateway's CPU is measured alone:
 * an Eclipse Milo server on loopback (security None, anonymous) with N Double variables
 * {@code ns=2;s=v0 … v<N-1>}. Every variable has a new value each time the server looks at it (a
 * subscription's sample or a Read), so with a 100 ms sampling interval every item changes every
 * 100 ms and every sample is a notification. It counts the values it produced and writes the running
 * total to a file every 100 ms.
 *
 * <p>{@code OpcUaBenchServer PORT ITEMS COUNTER_FILE}; endpoint {@code opc.tcp://127.0.0.1:PORT/bench}.
 */
public final class OpcUaBenchServer {

    static final String NAMESPACE = "urn:outpost:bench";

    private OpcUaBenchServer() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int items = Integer.parseInt(args[1]);
        Path counterFile = Path.of(args[2]);
        LongAdder served = new LongAdder();
        EndpointConfig endpoint = EndpointConfig.newBuilder()
                .setTransportProfile(TransportProfile.TCP_UASC_UABINARY)
                .setBindAddress("127.0.0.1")
                .setBindPort(port)
                .setHostname("127.0.0.1")
                .setPath("/bench")
                .setSecurityPolicy(SecurityPolicy.None)
                .setSecurityMode(MessageSecurityMode.None)
                .addTokenPolicies(OpcUaServerConfig.USER_TOKEN_POLICY_ANONYMOUS)
                .build();
        OpcUaServerConfig config = OpcUaServerConfig.builder()
                .setApplicationUri("urn:outpost:bench-server")
                .setApplicationName(LocalizedText.english("Outpost bench server"))
                .setProductUri("urn:outpost:bench-server")
                .setBuildInfo(new BuildInfo("urn:outpost:bench-server", "outpost", "bench server", "1", "", DateTime.now()))
                .setEndpoints(Set.of(endpoint))
                .setCertificateManager(new DefaultCertificateManager(new MemoryCertificateQuarantine(), List.of()))
                .setIdentityValidator(AnonymousIdentityValidator.INSTANCE)
                .build();
        OpcUaServer server = new OpcUaServer(config,
                profile -> new OpcTcpServerTransport(OpcTcpServerTransportConfig.newBuilder().build()));
        server.getNamespaceTable().add(NAMESPACE);
        new ChangingNamespace(server, items, served).startup();
        server.startup().get(30, TimeUnit.SECONDS);
        while (true) {
            Thread.sleep(100);
            Files.writeString(counterFile, Long.toString(served.sum()));
        }
    }

    /** N Double variables whose value goes up by one each time it is read or sampled. */
    private static final class ChangingNamespace extends ManagedNamespaceWithLifecycle {

        private final SubscriptionModel subscriptions;

        ChangingNamespace(OpcUaServer server, int items, LongAdder served) {
            super(server, NAMESPACE);
            subscriptions = new SubscriptionModel(server, this);
            getLifecycleManager().addLifecycle(subscriptions);
            getLifecycleManager().addStartupTask(() -> {
                for (int i = 0; i < items; i++) {
                    add(i, served);
                }
            });
        }

        private void add(int index, LongAdder served) {
            UaVariableNode node = new UaVariableNode.UaVariableNodeBuilder(getNodeContext())
                    .setNodeId(newNodeId("v" + index))
                    .setBrowseName(newQualifiedName("v" + index))
                    .setDisplayName(LocalizedText.english("v" + index))
                    .setDataType(NodeIds.Double)
                    .setTypeDefinition(NodeIds.BaseDataVariableType)
                    .setAccessLevel(Unsigned.ubyte(1))
                    .setUserAccessLevel(Unsigned.ubyte(1))
                    .setValue(new DataValue(new Variant(0.0)))
                    .buildAndAdd();
            double[] next = {index};
            node.getFilterChain().addLast(AttributeFilters.getValue(context -> {
                served.increment();
                synchronized (next) {
                    next[0] += 1.0;
                    return new DataValue(new Variant(next[0]), StatusCode.GOOD, DateTime.now());
                }
            }));
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
}
