package io.outpost.cli;

import io.outpost.ota.ManifestParser;
import io.outpost.ota.ManifestSignature;
import io.outpost.ota.OtaRefusal;
import io.outpost.ota.SigningKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code outpost ota}: signing keys and signed manifests for over-the-air updates (docs/ota.md). */
@Command(name = "ota", mixinStandardHelpOptions = true,
        description = "Over-the-air updates: make a signing key pair, sign a release manifest.",
        subcommands = {OtaCommand.KeygenCommand.class, OtaCommand.SignCommand.class})
public final class OtaCommand implements Runnable {

    @Override
    public void run() {
        throw new UsageProblem("outpost ota needs a subcommand: keygen or sign");
    }

    @Command(name = "keygen", mixinStandardHelpOptions = true,
            description = "Write a new Ed25519 key pair: " + SigningKeys.PRIVATE_FILE + " (PKCS#8 PEM, mode 0600) and "
                    + SigningKeys.PUBLIC_FILE + " (X.509 SubjectPublicKeyInfo PEM, mode 0644, for ota.public_key_file).")
    static final class KeygenCommand implements Callable<Integer> {

        @Option(names = "--out", paramLabel = "DIR", required = true, description = "folder for the two files (made if missing)")
        Path out;

        @Override
        public Integer call() throws IOException, GeneralSecurityException {
            SigningKeys.generate(out);
            System.out.println("private key: " + out.resolve(SigningKeys.PRIVATE_FILE) + " (keep it off the gateways)");
            System.out.println("public key:  " + out.resolve(SigningKeys.PUBLIC_FILE) + " (ota.public_key_file on each gateway)");
            return 0;
        }
    }

    @Command(name = "sign", mixinStandardHelpOptions = true,
            description = "Sign a manifest (version, url, sha256, size, min_version) with an Ed25519 private key;"
                    + " prints the signed manifest, or writes it with --out.")
    static final class SignCommand implements Callable<Integer> {

        @Option(names = "--key", paramLabel = "FILE", required = true, description = "Ed25519 private key (PKCS#8 PEM)")
        Path key;

        @Option(names = "--out", paramLabel = "FILE", description = "write the signed manifest here instead of printing it")
        Path out;

        @Parameters(arity = "1", paramLabel = "MANIFEST", description = "the manifest (any signature in it is replaced)")
        Path manifest;

        @Override
        public Integer call() throws IOException, GeneralSecurityException {
            byte[] signed;
            try {
                PrivateKey secret = SigningKeys.readPrivate(key);
                try {
                    signed = ManifestSignature.sign(ManifestParser.parseUnsigned(Files.readAllBytes(manifest)), secret);
                } catch (OtaRefusal e) {
                    throw new UsageProblem(manifest + ": " + e.getMessage());
                }
            } catch (OtaRefusal e) {
                throw new UsageProblem(e.getMessage());
            }
            if (out == null) {
                System.out.write(signed);
                System.out.flush();
            } else {
                Files.write(out, signed);
            }
            return 0;
        }
    }
}
