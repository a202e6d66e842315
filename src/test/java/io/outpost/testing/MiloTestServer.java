package io.outpost.testing;

import io.outpost.demo.LoopbackOpcUaServers;
import io.outpost.demo.VariableNamespace;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.eclipse.milo.opcua.sdk.server.EndpointConfig;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.OpcUaServerConfig;
import org.eclipse.milo.opcua.sdk.server.identity.AnonymousIdentityValidator;
import org.eclipse.milo.opcua.sdk.server.identity.CompositeValidator;
import org.eclipse.milo.opcua.sdk.server.identity.UsernameIdentityValidator;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.security.CertificateGroup;
import org.eclipse.milo.opcua.stack.core.security.CertificateValidator;
import org.eclipse.milo.opcua.stack.core.security.DefaultApplicationGroup;
import org.eclipse.milo.opcua.stack.core.security.DefaultCertificateManager;
import org.eclipse.milo.opcua.stack.core.security.MemoryCertificateStore;
import org.eclipse.milo.opcua.stack.core.security.MemoryTrustListManager;
import org.eclipse.milo.opcua.stack.core.security.RsaSha256CertificateFactory;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateBuilder;
import org.eclipse.milo.opcua.stack.core.security.MemoryCertificateQuarantine;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.ExtensionObject;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.types.enumerated.UserTokenType;
import org.eclipse.milo.opcua.stack.core.types.structured.BuildInfo;
import org.eclipse.milo.opcua.stack.core.types.structured.UserTokenPolicy;

/**
 * An in-process Eclipse Milo OPC UA server on a loopback port, security None, accepting anonymous
 * clients and user {@value #USER} with password {@value #PASSWORD}. Its namespace {@value #NAMESPACE}
 * holds one variable per built-in scalar type, named after it ({@code ns=2;s=Double}, ...), and
 * variables the gateway refuses or must guard against: {@code DoubleArray} (declared an array of
 * Double), {@code Structure} (a BuildInfo structure), {@code Guid} (a built-in type with no Outpost
 * value), {@code UndeclaredArray} (ValueRank Any, holding an array); plus {@code Enumeration} (a
 * ServerState, read as Int32) and {@code UtcTime}, subtypes of built-in types. It can be stopped and
 * started again on the same port.
 */
public final class MiloTestServer implements AutoCloseable {

    public static final String NAMESPACE = "urn:outpost:test";
    public static final String USER = "operator";
    public static final String PASSWORD = "s3cret";

    private final int port;
    private final boolean secured;
    private final Map<String, Object> initial = new LinkedHashMap<>();
    /** Made once, so a restarted server presents the same certificate. */
    private CertificateGroup certificates;
    private OpcUaServer server;
    private VariableNamespace namespace;

    public MiloTestServer(int port) {
        this(port, false);
    }

    /**
     * {@code secured}: the server also offers every security policy with modes Sign and
     * SignAndEncrypt, with its own self-signed certificate, and accepts any client application
     * certificate (the tests are about the gateway's trust of the server).
     */
    public MiloTestServer(int port, boolean secured) {
        this.port = port;
        this.secured = secured;
        initial.put("Double", 21.5);
        initial.put("Float", 1.25f);
        initial.put("Int16", (short) -7);
        initial.put("Int32", 123456);
        initial.put("Int64", 9_007_199_254_740_993L);
        initial.put("UInt32", Unsigned.uint(4_000_000_000L));
        initial.put("Boolean", true);
        initial.put("String", "hello");
        initial.put("DoubleArray", new Double[] {1.0, 2.0});
        initial.put("UndeclaredArray", new Double[] {1.0, 2.0});
        initial.put("Structure", new BuildInfo("urn:outpost:test-server", "outpost", "test server", "1", "", DateTime.now()));
        initial.put("Enumeration", 0);
        initial.put("Guid", java.util.UUID.fromString("72962b91-fa75-4ae6-8d28-b404dc7daf63"));
        initial.put("UtcTime", new DateTime(java.time.Instant.parse("2026-01-02T03:04:05Z")));
    }

    /** The server's own certificate (secured servers only). */
    public X509Certificate certificate() throws Exception {
        return certificates.getCertificateChain(certificates.getSupportedCertificateTypeIds().get(0)).orElseThrow()[0];
    }

    public String endpoint() {
        return "opc.tcp://127.0.0.1:" + port + "/outpost";
    }

    private EndpointConfig.Builder endpoint(SecurityPolicy policy, MessageSecurityMode mode) {
        return LoopbackOpcUaServers.endpoint(port, "/outpost", policy, mode);
    }

    public synchronized MiloTestServer start() throws Exception {
        Set<EndpointConfig> endpoints = new LinkedHashSet<>();
        endpoints.add(endpoint(SecurityPolicy.None, MessageSecurityMode.None)
                .addTokenPolicies(OpcUaServerConfig.USER_TOKEN_POLICY_ANONYMOUS,
                        // Plain-text password on a None endpoint: fine on loopback, and needs no server certificate.
                        new UserTokenPolicy("username", UserTokenType.UserName, null, null, SecurityPolicy.None.getUri()))
                .build());
        if (secured) {
            if (certificates == null) {
                certificates = DefaultApplicationGroup.createAndInitialize(new MemoryTrustListManager(),
                        new MemoryCertificateStore(), new RsaSha256CertificateFactory() {
                            @Override
                            protected X509Certificate[] createRsaSha256CertificateChain(KeyPair keyPair) throws Exception {
                                return new X509Certificate[] {new SelfSignedCertificateBuilder(keyPair)
                                        .setCommonName("Outpost test server")
                                        .setApplicationUri("urn:outpost:test-server")
                                        .addIpAddress("127.0.0.1")
                                        .setSignatureAlgorithm(SelfSignedCertificateBuilder.SA_SHA256_RSA)
                                        .build()};
                            }
                        }, new CertificateValidator.InsecureCertificateValidator());
            }
            X509Certificate certificate = certificate();
            for (SecurityPolicy policy : SecurityPolicy.values()) {
                if (policy == SecurityPolicy.None) {
                    continue;
                }
                for (MessageSecurityMode mode : List.of(MessageSecurityMode.Sign, MessageSecurityMode.SignAndEncrypt)) {
                    endpoints.add(endpoint(policy, mode)
                            .setCertificate(certificate)
                            .addTokenPolicies(OpcUaServerConfig.USER_TOKEN_POLICY_ANONYMOUS)
                            .build());
                }
            }
        }
        OpcUaServerConfig config = LoopbackOpcUaServers.config("urn:outpost:test-server", "Outpost test server")
                .setEndpoints(endpoints)
                .setCertificateManager(new DefaultCertificateManager(new MemoryCertificateQuarantine(),
                        secured ? List.of(certificates) : List.of()))
                .setIdentityValidator(new CompositeValidator(AnonymousIdentityValidator.INSTANCE,
                        new UsernameIdentityValidator(c -> USER.equals(c.getUsername()) && PASSWORD.equals(c.getPassword()))))
                .build();
        server = LoopbackOpcUaServers.server(config);
        server.getNamespaceTable().add(NAMESPACE);
        OpcUaServer starting = server;
        namespace = new VariableNamespace(server, NAMESPACE, variables -> initial.forEach((name, value) ->
                variables.add(name, dataType(name), variant(starting, value), node -> node
                        .setAccessLevel(Unsigned.ubyte(3))
                        .setUserAccessLevel(Unsigned.ubyte(3))
                        .setValueRank(name.equals("DoubleArray") ? 1 : name.equals("UndeclaredArray") ? -2 : -1)
                        .setArrayDimensions(name.equals("DoubleArray") ? new UInteger[] {Unsigned.uint(0)} : null))));
        namespace.startup();
        server.startup().get(30, TimeUnit.SECONDS);
        return this;
    }

    /** Sets variable {@code name} to {@code value}, stamped now. */
    public synchronized void set(String name, Object value) {
        initial.put(name, value);
        namespace.replace(name, new Variant(value));
    }

    /**
     * Sets variable {@code name} to {@code value} carrying the given SourceTimestamp and
     * ServerTimestamp; null leaves that timestamp out, as servers without a device clock do.
     */
    public synchronized void setStamped(String name, Object value, Instant sourceTime, Instant serverTime) {
        initial.put(name, value);
        namespace.replace(name, new DataValue(new Variant(value), StatusCode.GOOD, dateTime(sourceTime), dateTime(serverTime)));
    }

    private static DateTime dateTime(Instant time) {
        return time == null ? null : new DateTime(time);
    }

    public synchronized void stop() throws Exception {
        if (server != null) {
            namespace.shutdown();
            server.shutdown().get(30, TimeUnit.SECONDS);
            server = null;
        }
    }

    @Override
    public void close() throws Exception {
        stop();
    }

    private static NodeId dataType(String name) {
        return switch (name.replace("Array", "").replace("Undeclared", "Double")) {
            case "Structure" -> NodeIds.BuildInfo;
            case "Enumeration" -> NodeIds.ServerState;
            case "UtcTime" -> NodeIds.UtcTime;
            case "Guid" -> NodeIds.Guid;
            case "Double" -> NodeIds.Double;
            case "Float" -> NodeIds.Float;
            case "Int16" -> NodeIds.Int16;
            case "Int32" -> NodeIds.Int32;
            case "Int64" -> NodeIds.Int64;
            case "UInt32" -> NodeIds.UInt32;
            case "Boolean" -> NodeIds.Boolean;
            default -> NodeIds.String;
        };
    }

    private static Variant variant(OpcUaServer server, Object value) {
        return value instanceof BuildInfo info
                ? new Variant(ExtensionObject.encode(server.getStaticEncodingContext(), info))
                : new Variant(value);
    }
}
