package io.outpost.cli;

import io.outpost.ota.Manifest;
import io.outpost.ota.ManifestParser;
import io.outpost.ota.ManifestSource;
import io.outpost.ota.ManifestSignature;
import io.outpost.ota.OtaRefusal;
import io.outpost.ota.SigningKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code outpost ota}: signing keys and signed manifests for over-the-air updates (docs/ota.md). */
@Command(name = "ota", mixinStandardHelpOptions = true,
        description = "Over-the-air updates: apply a signed manifest, the releases' status, roll back; signing keys and manifests.",
        subcommands = {OtaCommand.ApplyCommand.class, OtaCommand.StatusCommand.class, OtaCommand.RollbackCommand.class,
                OtaCommand.KeygenCommand.class, OtaCommand.SignCommand.class})
public final class OtaCommand implements Runnable {

    @Override
    public void run() {
        throw new UsageProblem("outpost ota needs a subcommand: apply, status, rollback, keygen or sign");
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** Asks the daemon through {@link AdminCall}: its reply's fields, or the daemon's refusal as the error. */
    private static Map<String, Object> ask(ConfigOption config, String command, String body) throws IOException {
        return AdminCall.request(config.resolve(), command, body, TIMEOUT).fields();
    }

    @Command(name = "apply", mixinStandardHelpOptions = true,
            description = "Hand the running daemon a signed manifest (a file, or an https URL); it downloads, verifies,"
                    + " installs and restarts into the release. Follow it with outpost ota status.")
    static final class ApplyCommand implements Callable<Integer> {

        @Mixin
        ConfigOption config;

        @Parameters(arity = "1", paramLabel = "FILE|URL")
        String manifest;

        @Override
        public Integer call() throws IOException, InterruptedException {
            Manifest m;
            try {
                m = ManifestSource.read(manifest);
            } catch (OtaRefusal e) {
                throw new UsageProblem(manifest + ": " + e.getMessage());
            }
            System.out.println(ask(config, "ota", m.json()).get("result"));
            return 0;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "The current, previous and on-trial releases, and where the last update got to.")
    static final class StatusCommand implements Callable<Integer> {

        @Mixin
        ConfigOption config;

        @Override
        public Integer call() throws IOException {
            ask(config, "ota-status", "").forEach((k, v) -> {
                if (!k.equals("ok")) {
                    System.out.println(k + ": " + v);
                }
            });
            return 0;
        }
    }

    @Command(name = "rollback", mixinStandardHelpOptions = true,
            description = "Go back to the previous release (or the packaged one): the current one is marked bad and the"
                    + " daemon restarts.")
    static final class RollbackCommand implements Callable<Integer> {

        @Mixin
        ConfigOption config;

        @Override
        public Integer call() throws IOException {
            System.out.println(ask(config, "ota-rollback", "").get("result"));
            return 0;
        }
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
