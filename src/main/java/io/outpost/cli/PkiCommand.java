package io.outpost.cli;

import io.outpost.source.opcua.pki.OwnCertificate;
import io.outpost.source.opcua.pki.ServerCertificates;
import io.outpost.source.opcua.pki.TrustList;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code outpost pki}: the OPC UA certificates under {@code data_dir/pki}. */
@Command(name = "pki", mixinStandardHelpOptions = true,
        description = "OPC UA certificates: the gateway's own, the trusted and the rejected server certificates.",
        subcommands = {PkiCommand.ListCommand.class, PkiCommand.TrustCommand.class, PkiCommand.RemoveCommand.class,
                PkiCommand.FetchCommand.class})
public final class PkiCommand implements Runnable {

    @Override
    public void run() {
        throw new UsageProblem("pki needs a subcommand: list, trust, remove or fetch");
    }

    static Path pkiDir(ConfigOption config) {
        return ConfigFiles.require(config.resolve()).gateway().dataDir().resolve("pki");
    }

    private static String line(TrustList.Entry e) {
        return e.file().getFileName() + "  " + describe(e.subject(), e.sha256(), e.notAfter());
    }

    private static String describe(X509Certificate cert) {
        return describe(cert.getSubjectX500Principal().getName(), TrustList.sha256(cert), cert.getNotAfter().toInstant());
    }

    /** One way to show a certificate everywhere, so an operator can compare fingerprints between commands. */
    private static String describe(String subject, String sha256, Instant notAfter) {
        return subject + "  SHA-256 " + sha256 + "  expires " + notAfter;
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List the own certificate, the trusted and the rejected server certificates with fingerprints and expiry.")
    static final class ListCommand implements Callable<Integer> {

        @Mixin
        ConfigOption config;

        @Override
        public Integer call() throws IOException {
            Path pki = pkiDir(config);
            Path own = pki.resolve("own").resolve(OwnCertificate.FILE);
            System.out.println("own:");
            if (Files.exists(own)) {
                X509Certificate cert = ownCertificate(own);
                System.out.println("  " + own.getFileName() + "  " + describe(cert));
            } else {
                System.out.println("  (none yet: created when a secured OPC UA source first connects)");
            }
            TrustList trust = new TrustList(pki);
            System.out.println("trusted:");
            trust.trusted().forEach(e -> System.out.println("  " + line(e)));
            System.out.println("rejected:");
            List<TrustList.Entry> rejected = trust.rejected();
            for (int i = 0; i < rejected.size(); i++) {
                System.out.println("  " + (i + 1) + ". " + line(rejected.get(i)));
            }
            return 0;
        }

        private static X509Certificate ownCertificate(Path file) throws IOException {
            try (InputStream in = Files.newInputStream(file)) {
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(in, OwnCertificate.STORE_PASSWORD.toCharArray());
                return (X509Certificate) store.getCertificate(store.aliases().nextElement());
            } catch (GeneralSecurityException e) {
                throw new IOException(file + " cannot be read: " + e.getMessage(), e);
            }
        }
    }

    @Command(name = "trust", mixinStandardHelpOptions = true,
            description = "Trust a server certificate: a file (DER or PEM) or the Nth rejected one (see pki list).")
    static final class TrustCommand implements Callable<Integer> {

        @Mixin
        ConfigOption config;

        @ArgGroup(multiplicity = "1")
        Which which;

        static final class Which {
            @Parameters(arity = "1", paramLabel = "FILE", description = "certificate file to trust")
            Path file;

            @Option(names = "--rejected", paramLabel = "N", description = "trust rejected certificate N")
            Integer rejected;
        }

        @Override
        public Integer call() throws IOException {
            TrustList trust = new TrustList(pkiDir(config));
            TrustList.Entry entry;
            try {
                entry = which.file != null ? trust.trust(which.file) : trust.trustRejected(which.rejected);
            } catch (IllegalArgumentException e) {
                throw new UsageProblem(e.getMessage());
            }
            System.out.println("trusted: " + line(entry));
            return 0;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true,
            description = "Stop trusting a server certificate, by file name or fingerprint prefix.")
    static final class RemoveCommand implements Callable<Integer> {

        @Mixin
        ConfigOption config;

        @Parameters(arity = "1", paramLabel = "NAME|FINGERPRINT")
        String which;

        @Override
        public Integer call() throws IOException {
            TrustList.Entry removed = new TrustList(pkiDir(config)).remove(which)
                    .orElseThrow(() -> new UsageProblem("no trusted certificate matches " + which + " (see outpost pki list)"));
            System.out.println("removed: " + line(removed));
            return 0;
        }
    }

    @Command(name = "fetch", mixinStandardHelpOptions = true,
            description = "Read an OPC UA server's certificate from its endpoint and print it; trust it only with --trust.")
    static final class FetchCommand implements Callable<Integer> {

        @Mixin
        ConfigOption config;

        @Parameters(arity = "1", paramLabel = "ENDPOINT_URL")
        String endpoint;

        @Option(names = "--trust", description = "also trust it (compare the fingerprint with the server's first)")
        boolean trust;

        @Override
        public Integer call() throws IOException {
            X509Certificate cert = ServerCertificates.fetch(endpoint).orElseThrow(() -> new UsageProblem(
                    endpoint + " offers no certificate (security None only): nothing to trust"));
            System.out.println(describe(cert));
            if (trust) {
                System.out.println("trusted: " + line(new TrustList(pkiDir(config)).trust(cert)));
            }
            return 0;
        }
    }
}
