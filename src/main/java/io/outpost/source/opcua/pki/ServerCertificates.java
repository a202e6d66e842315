package io.outpost.source.opcua.pki;

import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import io.outpost.source.opcua.OpcUaErrors;
import org.eclipse.milo.opcua.sdk.client.DiscoveryClient;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.eclipse.milo.opcua.stack.core.types.structured.EndpointDescription;
import org.eclipse.milo.opcua.stack.core.util.CertificateUtil;

/** Reads a server's certificate from its endpoint descriptions (GetEndpoints needs no security). */
public final class ServerCertificates {

    private ServerCertificates() {
    }

    /** The certificate the server at {@code endpointUrl} presents, or empty when it offers security None only. */
    public static Optional<X509Certificate> fetch(String endpointUrl) throws IOException {
        try {
            for (EndpointDescription e : DiscoveryClient.getEndpoints(endpointUrl).get(30, TimeUnit.SECONDS)) {
                ByteString bytes = e.getServerCertificate();
                if (bytes != null && !bytes.isNullOrEmpty()) {
                    return Optional.of(CertificateUtil.decodeCertificates(bytes.bytesOrEmpty()).get(0));
                }
            }
            return Optional.empty();
        } catch (ExecutionException | TimeoutException | UaException e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            throw new IOException("cannot read the endpoints of " + endpointUrl + ": " + OpcUaErrors.describe(cause), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading the endpoints of " + endpointUrl, e);
        }
    }
}
