package io.outpost.bench;

import io.outpost.demo.LoopbackOpcUaServers;
import io.outpost.demo.VariableNamespace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.OpcUaServerConfig;
import org.eclipse.milo.opcua.sdk.server.identity.AnonymousIdentityValidator;
import org.eclipse.milo.opcua.sdk.server.nodes.UaVariableNode;
import org.eclipse.milo.opcua.sdk.server.nodes.filters.AttributeFilters;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.security.DefaultCertificateManager;
import org.eclipse.milo.opcua.stack.core.security.MemoryCertificateQuarantine;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;

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
        OpcUaServerConfig config = LoopbackOpcUaServers.config("urn:outpost:bench-server", "Outpost bench server")
                .setEndpoints(Set.of(LoopbackOpcUaServers.endpoint(port, "/bench", SecurityPolicy.None, MessageSecurityMode.None)
                        .addTokenPolicies(OpcUaServerConfig.USER_TOKEN_POLICY_ANONYMOUS)
                        .build()))
                .setCertificateManager(new DefaultCertificateManager(new MemoryCertificateQuarantine(), List.of()))
                .setIdentityValidator(AnonymousIdentityValidator.INSTANCE)
                .build();
        OpcUaServer server = LoopbackOpcUaServers.server(config);
        server.getNamespaceTable().add(NAMESPACE);
        new VariableNamespace(server, NAMESPACE, variables -> {
            for (int i = 0; i < items; i++) {
                addChanging(variables, i, served);
            }
        }).startup();
        server.startup().get(30, TimeUnit.SECONDS);
        while (true) {
            Thread.sleep(100);
            Files.writeString(counterFile, Long.toString(served.sum()));
        }
    }

    /** A Double variable whose value goes up by one each time it is read or sampled. */
    private static void addChanging(VariableNamespace variables, int index, LongAdder served) {
        UaVariableNode node = variables.add("v" + index, NodeIds.Double, new Variant(0.0));
        double[] next = {index};
        node.getFilterChain().addLast(AttributeFilters.getValue(context -> {
            served.increment();
            synchronized (next) {
                next[0] += 1.0;
                return new DataValue(new Variant(next[0]), StatusCode.GOOD, DateTime.now());
            }
        }));
    }
}
