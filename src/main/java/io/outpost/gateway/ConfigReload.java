package io.outpost.gateway;

import io.outpost.config.ConfigProblem;
import io.outpost.config.ConfigResult;
import io.outpost.config.OutpostConfig;
import io.outpost.manage.CommandRefusedException;
import io.outpost.manage.EventSink;
import io.outpost.manage.Reloader;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A reload, whoever asked ({@code outpost reload}, {@code P/cmd/reload}, SIGHUP): the file the daemon
 * runs with is checked exactly as {@code outpost validate} checks it ({@link ConfigCheck}); a file that
 * fails is refused with its problem lines and the running config stays. Otherwise only the parts that
 * changed are applied. Every outcome is an event ({@code reloaded} or {@code reload-refused}), which is
 * also its log line. One reload at a time.
 */
final class ConfigReload implements Reloader {

    /** Applies a checked config that differs from the running one. */
    interface Apply {
        /**
         * @return the parts restarted, as {@link ConfigChanges#parts()} names them
         * @throws CommandRefusedException when a change cannot be applied while running; nothing was changed
         */
        List<String> apply(OutpostConfig next, ConfigChanges changes) throws CommandRefusedException;
    }

    private final EventSink events;
    private final Apply apply;
    private OutpostConfig running;
    private ConfigDigest digest;

    ConfigReload(OutpostConfig running, ConfigDigest digest, Apply apply, EventSink events) {
        this.running = running;
        this.digest = digest;
        this.apply = apply;
        this.events = events;
    }

    synchronized OutpostConfig running() {
        return running;
    }

    synchronized ConfigDigest digest() {
        return digest;
    }

    @Override
    public synchronized Map<String, Object> reload() throws CommandRefusedException {
        ConfigDigest nextDigest = ConfigDigest.of(running.file());
        ConfigResult checked = ConfigCheck.load(running.file());
        if (!checked.isValid()) {
            List<String> lines = checked.problems().stream().map(ConfigProblem::format).toList();
            throw refused(checked.problems().size() + " problem(s) in " + running.file()
                    + "; the running config is kept", lines);
        }
        OutpostConfig next = checked.configOrThrow();
        ConfigChanges changes = ConfigChanges.between(running, next);
        List<String> restarted = List.of();
        if (!changes.none()) {
            try {
                restarted = apply.apply(next, changes);
            } catch (CommandRefusedException e) {
                throw refused(e.getMessage(), List.of());
            }
        }
        running = next;
        digest = nextDigest;
        Map<String, Object> outcome = new LinkedHashMap<>();
        outcome.put("config", running.file().toString());
        outcome.put("digest", digest.hex());
        outcome.put("changed", changes.parts());
        outcome.put("restarted", restarted);
        events.record("reloaded", outcome);
        return outcome;
    }

    private CommandRefusedException refused(String reason, List<String> problems) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("config", running.file().toString());
        fields.put("reason", reason);
        fields.put("problems", problems);
        events.record("reload-refused", fields);
        // The reply carries the problem lines below the reason, as validate prints them.
        return new CommandRefusedException(problems.isEmpty() ? reason : reason + ":\n" + String.join("\n", problems));
    }
}
