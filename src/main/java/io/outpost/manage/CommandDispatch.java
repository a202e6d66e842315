package io.outpost.manage;

import io.outpost.json.JsonReader;
import io.outpost.json.JsonReader.JsonException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out one command by name, whoever asked (a {@code P/cmd/<name>} message or the local admin
 * socket): the reply payload, {@code {"ok":true,...}} or {@code {"ok":false,"error":"..."}}, and the
 * refusal's reason when there was one. Nothing a requester sends makes it throw.
 */
final class CommandDispatch {

    private static final Logger log = LoggerFactory.getLogger(CommandDispatch.class);

    /** The reply to send, and why the command was refused, if it was. */
    record Outcome(byte[] reply, Optional<String> refusal) {
    }

    private final Map<String, CommandHandler> commands;
    private final boolean logEach;

    /**
     * @param logEach whether each command carried out is an INFO line: yes for commands from the cloud (who
     *     did what, when), no for the local socket, which a monitoring script may ask every few seconds
     */
    CommandDispatch(Map<String, CommandHandler> commands, boolean logEach) {
        this.commands = Map.copyOf(commands);
        this.logEach = logEach;
    }

    Outcome run(String name, byte[] payload) {
        CommandHandler handler = commands.get(name);
        try {
            if (handler == null) {
                throw new CommandRefusedException("unknown command '" + name + "'; the commands are "
                        + String.join(", ", new TreeSet<>(commands.keySet())));
            }
            Map<String, Object> request = request(payload);
            refuseUnknownFields(name, handler.fields(), request);
            Map<String, Object> result = handler.handle(request);
            if (logEach) {
                log.info("event=command name={} result=ok", name);
            } else {
                log.debug("event=command name={} result=ok", name);
            }
            return new Outcome(ReplyPayloads.ok(result), Optional.empty());
        } catch (CommandRefusedException e) {
            return refused(e.getMessage());
        } catch (RuntimeException e) {
            log.warn("event=command-failed name={} error=\"{}\"", name, e.toString());
            return refused("internal error: " + e.getMessage());
        }
    }

    /** The one check of fields for every command, so {@code ping {"x":1}} is refused like {@code set-output {"force":1}}. */
    private static void refuseUnknownFields(String name, List<String> known, Map<String, Object> request)
            throws CommandRefusedException {
        for (String field : request.keySet()) {
            if (!known.contains(field)) {
                throw new CommandRefusedException("unknown field \"" + field + "\"; " + name + (known.isEmpty()
                        ? " takes no fields; send {} or an empty payload"
                        : " takes " + known.stream().map(f -> "\"" + f + "\"").collect(Collectors.joining(", "))));
            }
        }
    }

    static Outcome refused(String reason) {
        return new Outcome(ReplyPayloads.error(reason), Optional.of(reason));
    }

    private static Map<String, Object> request(byte[] payload) throws CommandRefusedException {
        Object parsed;
        try {
            String text = JsonReader.text(payload);
            if (text.isBlank()) {
                return Map.of();
            }
            parsed = JsonReader.parse(text);
        } catch (JsonException e) {
            throw new CommandRefusedException("payload is " + e.getMessage());
        }
        if (!(parsed instanceof Map<?, ?> map)) {
            throw new CommandRefusedException("payload must be a JSON object");
        }
        Map<String, Object> request = new LinkedHashMap<>();
        map.forEach((k, v) -> request.put((String) k, v));
        return request;
    }
}
