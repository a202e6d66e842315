package io.outpost.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Mosquitto ({@code /usr/sbin/mosquitto}) child process on a free 127.0.0.1 port, with a
 * generated config. {@link #stop()} sends SIGTERM; {@link #start()} again reuses the port. Without
 * the binary the test fails (never skips): install it with {@code apt-get install -y mosquitto}.
 */
public final class MosquittoBroker implements AutoCloseable {

    public static final Path BINARY = Path.of("/usr/sbin/mosquitto");

    private final Path dir;
    private final int port;
    private final List<String> listenerLines;
    private final boolean persistent;
    private Process process;

    private MosquittoBroker(Path dir, List<String> listenerLines) throws IOException {
        this(dir, listenerLines, false);
    }

    private MosquittoBroker(Path dir, List<String> listenerLines, boolean persistent) throws IOException {
        if (!Files.isExecutable(BINARY)) {
            fail("mosquitto is required for this test and was not found at " + BINARY
                    + ("true".equals(System.getenv("CI")) ? " on CI: the CI script must run 'apt-get install -y mosquitto'"
                            : ": run 'apt-get install -y mosquitto'"));
        }
        this.dir = Files.createDirectories(dir);
        this.port = FreePorts.loopback();
        this.listenerLines = listenerLines;
        this.persistent = persistent;
    }

    /** Plain MQTT over TCP, anonymous clients allowed, plus any {@code settings} lines. */
    public static MosquittoBroker plain(Path dir, String... settings) throws IOException {
        List<String> lines = new ArrayList<>(List.of("allow_anonymous true"));
        lines.addAll(List.of(settings));
        return new MosquittoBroker(dir, lines);
    }

    /**
     * Plain MQTT that keeps sessions, their queued messages and retained messages across
     * {@link #stop()} and {@link #start()} (written to disk on SIGTERM), plus any {@code settings} lines.
     */
    public static MosquittoBroker persistent(Path dir, String... settings) throws IOException {
        List<String> lines = new ArrayList<>(List.of("allow_anonymous true"));
        lines.addAll(List.of(settings));
        return new MosquittoBroker(dir, lines, true);
    }

    /** MQTT over TLS with {@code server} as its identity; with {@code clientCa}, clients must present a certificate it signed. */
    public static MosquittoBroker tls(Path dir, TestPki.Pair serverCa, TestPki.Pair server, TestPki.Pair clientCa) throws IOException {
        List<String> lines = new ArrayList<>(List.of(
                "allow_anonymous true",
                "certfile " + server.cert(),
                "keyfile " + server.key()));
        if (clientCa != null) {
            lines.add("cafile " + clientCa.cert());
            lines.add("require_certificate true");
        } else {
            lines.add("cafile " + serverCa.cert());
        }
        return new MosquittoBroker(dir, lines);
    }

    /** Anonymous clients refused; users from {@code passwordFile} (made with mosquitto_passwd). */
    public static MosquittoBroker withPasswords(Path dir, Path passwordFile) throws IOException {
        return new MosquittoBroker(dir, List.of("allow_anonymous false", "password_file " + passwordFile));
    }

    /** Anonymous clients allowed, limited by the ACL file (re-read on {@link #reload()}). */
    public static MosquittoBroker withAcl(Path dir, Path aclFile) throws IOException {
        return new MosquittoBroker(dir, List.of("allow_anonymous true", "acl_file " + aclFile));
    }

    public int port() {
        return port;
    }

    public String url(String scheme) {
        return scheme + "://127.0.0.1:" + port;
    }

    public synchronized void start() throws IOException {
        if (process != null && process.isAlive()) {
            return;
        }
        Path conf = dir.resolve("mosquitto.conf");
        List<String> lines = new ArrayList<>(List.of(
                // Tests run as root; keep it so the broker can read files in private temp directories.
                "user root",
                persistent ? "persistence true" : "persistence false",
                "persistence_location " + dir + "/",
                "log_dest stdout",
                "log_type error",
                "log_type warning",
                "log_type notice",
                "per_listener_settings false"));
        lines.add("listener " + port + " 127.0.0.1");
        lines.addAll(listenerLines);
        Files.write(conf, lines, StandardCharsets.UTF_8);
        process = new ProcessBuilder(BINARY.toString(), "-c", conf.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("mosquitto.log").toFile()))
                .start();
        Await.until("mosquitto listening on 127.0.0.1:" + port, () -> !process.isAlive() || accepts(port),
                this::logTail);
        if (!process.isAlive()) {
            fail("mosquitto exited at start: " + logTail());
        }
    }

    /** SIGTERM, then wait for it to exit. */
    public synchronized void stop() throws InterruptedException {
        if (process == null) {
            return;
        }
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        process = null;
    }

    /** SIGHUP: mosquitto re-reads its ACL and password files. */
    public synchronized void reload() throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(process.pid())).start();
        kill.waitFor(10, TimeUnit.SECONDS);
    }

    public String logTail() {
        try {
            String log = Files.readString(dir.resolve("mosquitto.log"));
            return log.length() > 2000 ? log.substring(log.length() - 2000) : log;
        } catch (IOException e) {
            return "(no log)";
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
