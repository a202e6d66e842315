package io.outpost.packaging;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * systemd's end of {@code $NOTIFY_SOCKET}: a Unix datagram socket bound by a real process
 * (src/test/resources/ops/notify-receiver.py: JDK 17 cannot bind one either), with SO_PASSCRED as
 * systemd sets it, so each notification comes with the pid the kernel saw send it.
 */
final class NotifyReceiver implements AutoCloseable {

    /** One datagram: its sender's pid and its {@code KEY=value} lines. */
    record Notification(long pid, List<String> lines) {
        boolean has(String line) {
            return lines.contains(line);
        }

        boolean statusContains(String text) {
            return lines.stream().anyMatch(l -> l.startsWith("STATUS=") && l.contains(text));
        }
    }

    private final Path socket;
    private final Process process;
    private final BlockingQueue<Notification> received = new LinkedBlockingQueue<>();
    private final List<String> all = new ArrayList<>();

    private NotifyReceiver(Path socket, Process process) {
        this.socket = socket;
        this.process = process;
    }

    static NotifyReceiver bind(Path socket) throws Exception {
        Path python = Path.of("/usr/bin/python3");
        if (!python.toFile().canExecute()) {
            fail(python + " is missing: the notify socket's receiver runs on the system's Python 3 (apt-get install -y python3)");
        }
        Path script = Path.of(NotifyReceiver.class.getResource("/ops/notify-receiver.py").toURI());
        Process process = new ProcessBuilder(python.toString(), script.toString(), socket.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        NotifyReceiver receiver = new NotifyReceiver(socket, process);
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String first = out.readLine();
        if (!"listening".equals(first)) {
            process.destroyForcibly();
            fail("the notify receiver did not bind " + socket + ": " + first);
        }
        Thread reader = new Thread(() -> receiver.read(out), "notify-receiver");
        reader.setDaemon(true);
        reader.start();
        return receiver;
    }

    private void read(BufferedReader out) {
        try {
            for (String line; (line = out.readLine()) != null; ) {
                int space = line.indexOf(' ');
                Notification n = new Notification(Long.parseLong(line.substring(4, space)),
                        List.of(line.substring(space + 1).split("\\|")));
                synchronized (all) {
                    all.add(line);
                }
                received.add(n);
            }
        } catch (IOException e) {
            // the receiver ended: nothing more arrives
        }
    }

    Path socket() {
        return socket;
    }

    /** The next notification that has {@code line}, within {@code timeout}; the others before it are passed over. */
    Notification await(String line, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (long left; (left = deadline - System.nanoTime()) > 0; ) {
            Notification n = received.poll(left, TimeUnit.NANOSECONDS);
            if (n != null && n.has(line)) {
                return n;
            }
        }
        fail("no " + line + " within " + timeout.toSeconds() + " s; received so far:\n" + history());
        return null;
    }

    /** Everything received within {@code window} from now. */
    List<Notification> during(Duration window) throws InterruptedException {
        List<Notification> got = new ArrayList<>();
        long deadline = System.nanoTime() + window.toNanos();
        for (long left; (left = deadline - System.nanoTime()) > 0; ) {
            Notification n = received.poll(left, TimeUnit.NANOSECONDS);
            if (n != null) {
                got.add(n);
            }
        }
        return got;
    }

    String history() {
        synchronized (all) {
            return String.join("\n", all);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
