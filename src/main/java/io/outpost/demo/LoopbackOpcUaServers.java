package io.outpost.demo;

import org.eclipse.milo.opcua.sdk.server.EndpointConfig;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.OpcUaServerConfig;
import org.eclipse.milo.opcua.sdk.server.OpcUaServerConfigBuilder;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.transport.TransportProfile;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.types.structured.BuildInfo;
import org.eclipse.milo.opcua.stack.transport.server.tcp.OpcTcpServerTransport;
import org.eclipse.milo.opcua.stack.transport.server.tcp.OpcTcpServerTransportConfig;

/** The parts every in-process OPC UA server on 127.0.0.1 needs (demo, tests, benchmark), made one way. */
public final class LoopbackOpcUaServers {

    private LoopbackOpcUaServers() {
    }

    /** An endpoint {@code opc.tcp://127.0.0.1:<port><path>}; the caller adds token policies (and a certificate). */
    public static EndpointConfig.Builder endpoint(int port, String path, SecurityPolicy policy, MessageSecurityMode mode) {
        return EndpointConfig.newBuilder()
                .setTransportProfile(TransportProfile.TCP_UASC_UABINARY)
                .setBindAddress("127.0.0.1")
                .setBindPort(port)
                .setHostname("127.0.0.1")
                .setPath(path)
                .setSecurityPolicy(policy)
                .setSecurityMode(mode);
    }

    /** A server config named after the application; the caller sets endpoints, certificates and identities. */
    public static OpcUaServerConfigBuilder config(String applicationUri, String applicationName) {
        return OpcUaServerConfig.builder()
                .setApplicationUri(applicationUri)
                .setApplicationName(LocalizedText.english(applicationName))
                .setProductUri(applicationUri)
                .setBuildInfo(new BuildInfo(applicationUri, "outpost", applicationName, "1", "", DateTime.now()));
    }

    /** A server over the binary TCP transport; start it with {@code startup()}. */
    public static OpcUaServer server(OpcUaServerConfig config) {
        return new OpcUaServer(config, profile -> new OpcTcpServerTransport(OpcTcpServerTransportConfig.newBuilder().build()));
    }
}
