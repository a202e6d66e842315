package io.outpost.source.opcua;

import io.outpost.source.opcua.OpcUaSourceConfig.SecurityPolicy;
import io.outpost.source.opcua.pki.OwnCertificate;
import io.outpost.source.opcua.pki.TrustList;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.identity.AnonymousProvider;
import org.eclipse.milo.opcua.sdk.client.identity.IdentityProvider;
import org.eclipse.milo.opcua.sdk.client.identity.UsernameProvider;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.types.structured.EndpointDescription;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

/**
 * Opens the OPC UA session of an {@code opcua} source: the endpoint with the configured policy and
 * mode, the gateway's own certificate from {@code data_dir/pki/own} for secured policies, the server
 * certificate checked against {@code data_dir/pki/trusted}, anonymous or username/password. The
 * source and {@code outpost validate --connect} both connect through here.
 */
public final class OpcUaClients {

    /** The application URI in the gateway's own certificate; servers match the two. */
    static final String APPLICATION_URI = "urn:outpost:gateway";
    private static final long REQUEST_TIMEOUT_MS = 10_000;

    private OpcUaClients() {
    }

    /** The own certificate a secured source presents (created on first use); empty for policy None. */
    static Optional<OwnCertificate> ownCertificate(OpcUaSourceConfig config, Path pkiDir)
            throws IOException, GeneralSecurityException {
        return config.security().policy() == SecurityPolicy.NONE ? Optional.empty()
                : Optional.of(OwnCertificate.loadOrCreate(pkiDir, APPLICATION_URI, hostname()));
    }

    /** A client with an active session; on failure nothing stays open. */
    static OpcUaClient connect(OpcUaSourceConfig config, Path pkiDir, Optional<OwnCertificate> own) throws Exception {
        SecurityPolicySupport.require(org.eclipse.milo.opcua.stack.core.security.SecurityPolicy.fromUri(
                config.security().policy().uri()));
        IdentityProvider identity = identity(config);
        TrustListValidator serverTrust = new TrustListValidator(new TrustList(pkiDir));
        AtomicReference<List<EndpointDescription>> offered = new AtomicReference<>(List.of());
        OpcUaClient client;
        try {
            client = OpcUaClient.create(config.endpoint(), endpoints -> {
                    offered.set(endpoints);
                    return chooseEndpoint(config, endpoints);
                },
                transport -> { },
                builder -> {
                    builder.setApplicationName(LocalizedText.english("Outpost gateway"))
                        .setApplicationUri(APPLICATION_URI)
                        .setRequestTimeout(uint(REQUEST_TIMEOUT_MS))
                        .setIdentityProvider(identity)
                        .setCertificateValidator(serverTrust);
                    own.ifPresent(o -> builder.setKeyPair(o.keyPair()).setCertificate(o.certificate())
                            .setCertificateChain(new X509Certificate[] {o.certificate()}));
                });
        } catch (UaException e) {
            if (!offered.get().isEmpty() && chooseEndpoint(config, offered.get()).isEmpty()) {
                throw new UaException(StatusCodes.Bad_SecurityPolicyRejected, "the server offers no endpoint with security_policy "
                        + config.security().policy().configName() + " and security_mode " + config.security().mode().configName()
                        + "; it offers " + describe(offered.get()));
            }
            throw e;
        }
        try {
            client.connect();
            return client;
        } catch (UaException | RuntimeException e) {
            disconnectQuietly(client);
            throw e;
        }
    }

    /** What the source reports when it cannot connect, e.g. "cannot connect to opc.tcp://…: server certificate not trusted: …". */
    public static String connectFailure(OpcUaSourceConfig config, Throwable e) {
        return "cannot connect to " + config.endpoint() + ": " + OpcUaErrors.describe(e);
    }

    static void disconnectQuietly(OpcUaClient client) {
        try {
            client.disconnectAsync().get(5, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static Optional<EndpointDescription> chooseEndpoint(OpcUaSourceConfig config, List<EndpointDescription> endpoints) {
        String policyUri = config.security().policy().uri();
        MessageSecurityMode mode = switch (config.security().mode()) {
            case NONE -> MessageSecurityMode.None;
            case SIGN -> MessageSecurityMode.Sign;
            case SIGN_AND_ENCRYPT -> MessageSecurityMode.SignAndEncrypt;
        };
        return endpoints.stream()
                .filter(e -> policyUri.equals(e.getSecurityPolicyUri()) && e.getSecurityMode() == mode)
                .findFirst();
    }

    private static String describe(List<EndpointDescription> endpoints) {
        return endpoints.stream()
                .map(e -> e.getSecurityPolicyUri().substring(e.getSecurityPolicyUri().indexOf('#') + 1) + "/" + e.getSecurityMode())
                .distinct()
                .collect(java.util.stream.Collectors.joining(", "));
    }

    private static String hostname() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "localhost";
        }
    }

    private static IdentityProvider identity(OpcUaSourceConfig config) throws IOException {
        if (config.security().username().isEmpty()) {
            return AnonymousProvider.INSTANCE;
        }
        String password = config.security().passwordFile().isPresent()
                ? Files.readString(config.security().passwordFile().get(), StandardCharsets.UTF_8).strip()
                : "";
        return new UsernameProvider(config.security().username().get(), password);
    }
}
