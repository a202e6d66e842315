package io.outpost.source.opcua;

import io.outpost.source.opcua.pki.TrustList;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.List;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.security.CertificateValidator;

/**
 * Trusts a server certificate only when it is in the trust list; an unknown one is recorded as
 * rejected and refused with the message that tells the operator how to trust it.
 */
final class TrustListValidator implements CertificateValidator {

    private final TrustList trust;

    TrustListValidator(TrustList trust) {
        this.trust = trust;
    }

    @Override
    public void validateCertificateChain(List<X509Certificate> chain, String applicationUri, String[] hostNames)
            throws UaException {
        if (chain.isEmpty()) {
            throw new UaException(StatusCodes.Bad_CertificateInvalid, "the server sent no certificate");
        }
        X509Certificate server = chain.get(0);
        try {
            if (!trust.isTrusted(server)) {
                throw new UaException(StatusCodes.Bad_CertificateUntrusted, trust.reject(server));
            }
            server.checkValidity();
        } catch (IOException e) {
            throw new UaException(StatusCodes.Bad_CertificateInvalid, "cannot read the trust list: " + e.getMessage());
        } catch (java.security.cert.CertificateException e) {
            throw new UaException(StatusCodes.Bad_CertificateTimeInvalid, "server certificate "
                    + server.getSubjectX500Principal().getName() + " is not valid now: " + e.getMessage());
        }
    }
}
