package io.outpost.source.opcua;

import java.security.GeneralSecurityException;
import java.security.Security;
import java.security.Signature;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.security.SecurityAlgorithm;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;

/**
 * Makes sure this Java runtime has every algorithm a security policy uses, before a secure channel is
 * opened with it. Without this, a missing algorithm fails inside Milo's channel encoder and the
 * operator only sees "connection closed".
 */
final class SecurityPolicySupport {

    private SecurityPolicySupport() {
    }

    /**
     * Milo asks the JCA for RSA-PSS signatures as {@code SHA256withRSA/PSS} (Aes256_Sha256_RsaPss),
     * a name only BouncyCastle knows; it is added after the JDK's providers, so they keep precedence
     * for every algorithm they have.
     */
    static void require(SecurityPolicy policy) throws UaException {
        if (policy == SecurityPolicy.None) {
            return;
        }
        if (Security.getProvider(BouncyCastleProvider.PROVIDER_NAME) == null) {
            Security.addProvider(new BouncyCastleProvider());
        }
        SecurityAlgorithm algorithm = null;
        try {
            algorithm = policy.getSymmetricSignatureAlgorithm();
            Mac.getInstance(algorithm.getTransformation());
            algorithm = policy.getSymmetricEncryptionAlgorithm();
            Cipher.getInstance(algorithm.getTransformation());
            algorithm = policy.getAsymmetricSignatureAlgorithm();
            Signature.getInstance(algorithm.getTransformation());
            algorithm = policy.getAsymmetricEncryptionAlgorithm();
            Cipher.getInstance(algorithm.getTransformation());
        } catch (GeneralSecurityException e) {
            throw new UaException(StatusCodes.Bad_SecurityPolicyRejected, "security policy " + policy.name() + " needs "
                    + algorithm.getTransformation() + ", which this Java runtime does not provide: " + e.getMessage());
        }
    }
}
