package io.outpost.manage;

import io.outpost.manage.JsonReader.JsonException;
import io.outpost.uplink.InboundHandler;
import io.outpost.uplink.InboundMessage;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dispatches {@code P/cmd/<name>} messages to their {@link CommandHandler} and answers each one that
 * names a response topic: {@code {"ok":true,...}} or {@code {"ok":false,"error":"..."}}, with the
 * request's correlation data. Anything refused (an unknown command, a payload that is not a JSON
 * object, a handler's refusal) is also an event {@code command-refused} on {@code P/events}; nothing
 * a sender can put in a message makes it throw.
 *
 * <p>Runs on the uplink's inbound thread, one command at a time.
 */
public final class CommandRouter implements InboundHandler {

    private static final Logger log = LoggerFactory.getLogger(CommandRouter.class);

    private final String commandPrefix;
    private final Map<String, CommandHandler> commands;
    private final ReplySender replies;
    private final EventSink events;

    /**
     * @param topicPrefix {@code uplink.topic_prefix}; commands arrive on {@code <topicPrefix>/cmd/<name>}
     * @param commands the handler of each command name
     */
    public CommandRouter(String topicPrefix, Map<String, CommandHandler> commands, ReplySender replies, EventSink events) {
        this.commandPrefix = topicPrefix + "/cmd/";
        this.commands = Map.copyOf(commands);
        this.replies = replies;
        this.events = events;
    }

    /** The subscription that brings every command: {@code <topicPrefix>/cmd/+}. */
    public String topicFilter() {
        return commandPrefix + "+";
    }

    @Override
    public void handle(InboundMessage message) {
        String topic = message.topic();
        String name = topic.startsWith(commandPrefix) ? topic.substring(commandPrefix.length()) : "";
        CommandHandler handler = commands.get(name);
        try {
            if (!topic.startsWith(commandPrefix)) {
                throw new CommandRefusedException("not a command topic: " + topic);
            }
            if (handler == null) {
                throw new CommandRefusedException("unknown command '" + name + "'; the commands are "
                        + String.join(", ", new TreeSet<>(commands.keySet())));
            }
            Map<String, Object> result = handler.handle(request(message.payload()));
            log.info("event=command name={} result=ok", name);
            reply(message, ReplyPayloads.ok(result));
        } catch (CommandRefusedException e) {
            refuse(message, name, e.getMessage());
        } catch (RuntimeException e) {
            log.warn("event=command-failed name={} error=\"{}\"", name, e.toString());
            refuse(message, name, "internal error: " + e.getMessage());
        }
    }

    private static Map<String, Object> request(byte[] payload) throws CommandRefusedException {
        String text = new String(payload, StandardCharsets.UTF_8);
        if (text.isBlank()) {
            return Map.of();
        }
        Object parsed;
        try {
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

    private void refuse(InboundMessage message, String name, String reason) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("command", name);
        fields.put("reason", reason);
        events.record("command-refused", fields);
        reply(message, ReplyPayloads.error(reason));
    }

    private void reply(InboundMessage message, byte[] payload) {
        Optional<String> to = message.responseTopic();
        if (to.isPresent()) {
            replies.send(to.get(), message.correlationData(), payload);
        }
    }
}
