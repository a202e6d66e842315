package io.outpost.gateway;

import io.outpost.config.ConfigProblem;
import io.outpost.config.ConfigResult;
import io.outpost.config.Durations;
import io.outpost.manage.CommandRefusedException;
import io.outpost.manage.EventSink;
import io.outpost.threads.DaemonThreads;
import io.outpost.uplink.InboundHandler;
import io.outpost.uplink.InboundMessage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code P/twin/desired}: a whole config document (the YAML text, at most {@link #MAX_BYTES}) the fleet wants
 * the gateway to run. It is checked exactly as {@code outpost validate} checks a file ({@link ConfigCheck});
 * a valid one replaces the config file atomically (the file it replaces kept as {@code <file>.previous}), is
 * applied as a reload ({@link ConfigReload}) and kept only if the gateway is healthy with it (the uplink connected,
 * every source it started or changed up and read at least once) within the {@code uplink.desired_deadline} of the
 * config running when it arrived; otherwise the previous file is put back and applied. Every outcome is an event and is kept in the data dir ({@link DesiredOutcome}), so a retained
 * document already applied or refused is not applied again on a reconnect or after a restart.
 *
 * <p>{@link #handle} runs on {@code uplink-inbound} and only hands the document over; the work runs on a
 * {@code twin-desired} thread that exists while there is work (a reload that replaces the uplink closes the
 * one whose thread delivered the document). A document arriving while another is on trial waits; of several
 * waiting, the newest is kept.
 */
final class DesiredConfig implements InboundHandler, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DesiredConfig.class);
    static final int MAX_BYTES = 256 * 1024;
    private static final Duration POLL = Duration.ofMillis(500);

    private final ConfigReload reload;
    private final Path dataDir;
    private final Function<Predicate<String>, Optional<String>> unhealthy;
    private final EventSink events;
    private final ThreadPoolExecutor worker;
    private volatile Optional<DesiredOutcome> outcome;

    /**
     * @param unhealthy what keeps the gateway from being healthy now (the uplink not connected, one of the sources
     *     the predicate names not up); empty when it is healthy
     */
    DesiredConfig(ConfigReload reload, Path dataDir, Function<Predicate<String>, Optional<String>> unhealthy,
            EventSink events) {
        this.reload = reload;
        this.dataDir = dataDir;
        this.unhealthy = unhealthy;
        this.events = events;
        this.outcome = DesiredOutcome.read(dataDir);
        this.worker = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(1),
                DaemonThreads.named("twin-desired"), new ThreadPoolExecutor.DiscardOldestPolicy());
        worker.allowCoreThreadTimeOut(true);
    }

    /** What became of the last desired config, for the reported twin. */
    Optional<DesiredOutcome> outcome() {
        return outcome;
    }

    /**
     * A document that was on trial when the daemon stopped, and is the config it started with, goes on trial
     * again: a crash during the trial must not keep a config nobody saw healthy.
     */
    void resume() {
        outcome.filter(o -> o.state() == DesiredOutcome.State.APPLYING && o.digest().equals(reload.digest().hex()))
                .ifPresent(o -> worker.execute(() -> trial(o.digest(), reload.running().uplink().desiredDeadline(),
                        List.of(), List.of(), source -> true)));
    }

    @Override
    public void handle(InboundMessage message) {
        byte[] payload = message.payload();
        if (payload.length == 0) {
            // The fleet cleared the retained document: nothing is wanted.
            return;
        }
        worker.execute(() -> {
            try {
                take(payload);
            } catch (RuntimeException e) {
                log.warn("event=twin-desired-failed error=\"{}\"", e.toString());
            }
        });
    }

    private synchronized void take(byte[] payload) {
        String digest = ConfigDigest.of(payload).hex();
        if (outcome.map(DesiredOutcome::digest).filter(digest::equals).isPresent()) {
            log.info("event=twin-desired-seen digest={} state={}", digest, outcome.get().state().wireName());
            return;
        }
        if (digest.equals(reload.digest().hex())) {
            log.info("event=twin-desired-unchanged digest={}", digest);
            remember(new DesiredOutcome(digest, DesiredOutcome.State.APPLIED, "equal to the running config", List.of()));
            return;
        }
        if (payload.length > MAX_BYTES) {
            refuse(digest, "larger than " + MAX_BYTES + " bytes (" + payload.length + " bytes); the running config is kept",
                    List.of());
            return;
        }
        Optional<String> notText = notUtf8(payload);
        if (notText.isPresent()) {
            refuse(digest, notText.get() + "; the running config is kept", List.of());
            return;
        }
        Path file = reload.running().file();
        // The config that runs now, known to work, says how long the new one may take.
        Duration deadline = reload.running().uplink().desiredDeadline();
        List<String> problems;
        try {
            problems = check(file, payload);
        } catch (IOException e) {
            refuse(digest, "cannot be checked: " + e.getMessage() + "; the running config is kept", List.of());
            return;
        }
        if (!problems.isEmpty()) {
            refuse(digest, problems.size() + " problem(s) in the desired config; the running config is kept", problems);
            return;
        }
        byte[] previous;
        try {
            previous = Files.readAllBytes(file);
            AtomicFiles.write(previousFile(file), previous);
            AtomicFiles.write(file, payload);
        } catch (IOException e) {
            refuse(digest, "cannot be written to " + file + ": " + e.getMessage() + "; the running config is kept", List.of());
            return;
        }
        remember(new DesiredOutcome(digest, DesiredOutcome.State.APPLYING, "", List.of()));
        Map<String, Object> applied;
        try {
            applied = reload.reload();
        } catch (CommandRefusedException e) {
            restoreFile(file, previous);
            List<String> lines = Arrays.asList(e.getMessage().split("\n"));
            refuse(digest, lines.get(0), lines.subList(1, lines.size()));
            return;
        }
        List<?> restarted = listOf(applied.get("restarted"));
        // Only the sources the document started or changed tell whether it works: a device that was off before
        // is off with either config.
        Set<String> started = new HashSet<>();
        restarted.stream().map(String::valueOf).filter(p -> p.startsWith("sources.") && !p.endsWith(" (stopped)"))
                .forEach(p -> started.add(p.substring("sources.".length())));
        trial(digest, deadline, listOf(applied.get("changed")), restarted, started::contains);
    }

    /**
     * Waits for the gateway to be healthy with the config {@code digest} (the uplink connected, the {@code sources}
     * up); rolls back when the deadline passes.
     */
    private synchronized void trial(String digest, Duration deadline, List<?> changed, List<?> restarted,
            Predicate<String> sources) {
        long until = System.nanoTime() + deadline.toNanos();
        Optional<String> problem = unhealthy.apply(sources);
        try {
            while (problem.isPresent() && System.nanoTime() - until < 0) {
                TimeUnit.MILLISECONDS.sleep(POLL.toMillis());
                problem = unhealthy.apply(sources);
            }
        } catch (InterruptedException e) {
            // Stopping: the outcome stays "applying", and the next start puts the config on trial again.
            Thread.currentThread().interrupt();
            return;
        }
        if (problem.isEmpty()) {
            Map<String, Object> fields = fields(digest);
            fields.put("changed", changed);
            fields.put("restarted", restarted);
            remember(new DesiredOutcome(digest, DesiredOutcome.State.APPLIED, "", List.of()));
            events.record("desired-applied", fields);
            return;
        }
        rollBack(digest, "not healthy within " + Durations.format(deadline) + " (" + problem.get() + ")");
    }

    private void rollBack(String digest, String why) {
        Path file = reload.running().file();
        String reason = why + "; the previous config was restored";
        try {
            AtomicFiles.write(file, Files.readAllBytes(previousFile(file)));
            reload.reload();
        } catch (IOException | CommandRefusedException e) {
            reason = why + "; restoring the previous config failed: " + e.getMessage().replace('\n', ' ');
        }
        Map<String, Object> fields = fields(digest);
        fields.put("reason", reason);
        remember(new DesiredOutcome(digest, DesiredOutcome.State.ROLLED_BACK, reason, List.of()));
        events.record("desired-rolled-back", fields);
    }

    /** The problem lines of {@code payload} as {@code outpost validate} prints them; checked beside {@code file}. */
    private static List<String> check(Path file, byte[] payload) throws IOException {
        // Beside the config file, so relative paths in it (model files, PKI) resolve as they will once installed.
        Path candidate = file.toAbsolutePath().resolveSibling("." + file.getFileName() + ".desired");
        AtomicFiles.write(candidate, payload);
        try {
            ConfigResult result = ConfigCheck.load(candidate);
            // The lines name the document, not the temporary file it was checked in.
            return result.isValid() ? List.of() : result.problems().stream().map(ConfigProblem::format)
                    .map(line -> line.replace(candidate.toString(), "desired")).toList();
        } finally {
            Files.deleteIfExists(candidate);
        }
    }

    private void restoreFile(Path file, byte[] previous) {
        try {
            AtomicFiles.write(file, previous);
        } catch (IOException e) {
            log.warn("event=twin-desired-restore-failed file={} error=\"{}\"", file, e.getMessage());
        }
    }

    private void refuse(String digest, String reason, List<String> problems) {
        DesiredOutcome refused = new DesiredOutcome(digest, DesiredOutcome.State.REFUSED, reason, problems);
        Map<String, Object> fields = fields(digest);
        fields.put("reason", refused.reason());
        fields.put("problems", refused.problems());
        remember(refused);
        events.record("desired-refused", fields);
    }

    /** Before the event that tells of it: whoever hears of an outcome finds it kept (and a restart after it does). */
    private void remember(DesiredOutcome next) {
        outcome = Optional.of(next);
        try {
            next.write(dataDir);
        } catch (IOException e) {
            log.warn("event=twin-desired-state-unwritable dir={} error=\"{}\"", dataDir, e.getMessage());
        }
    }

    private Map<String, Object> fields(String digest) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("digest", digest);
        fields.put("config", reload.running().file().toString());
        return fields;
    }

    static Path previousFile(Path file) {
        return file.resolveSibling(file.getFileName() + ".previous");
    }

    private static Optional<String> notUtf8(byte[] payload) {
        ByteBuffer in = ByteBuffer.wrap(payload);
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(in);
            return Optional.empty();
        } catch (CharacterCodingException e) {
            return Optional.of("not UTF-8 text at byte " + (in.position() + 1));
        }
    }

    private static List<?> listOf(Object value) {
        return value instanceof List<?> list ? list : new ArrayList<>();
    }

    /** Waiting work is dropped; a trial under way stops and is resumed by the next start. */
    @Override
    public void close() {
        worker.shutdownNow();
    }
}
