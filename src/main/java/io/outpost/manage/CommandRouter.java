package io.outpost.manage;

import io.outpost.uplink.InboundHandler;
import io.outpost.uplink.InboundMessage;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Dispatches {@code P/cmd/<name>} messages to their {@link CommandHandler} and answers each one on its
 * response topic, or on {@code P/reply/<name>} when it names none: {@code {"ok":true,...}} or {@code {"ok":false,"error":"..."}}, with the
 * request's correlation data. Anything refused (an unknown command, a payload that is not a JSON
 * object, a handler's refusal) is also an event {@code command-refused} on {@code P/events}; nothing
 * a sender can put in a message makes it throw.
 *
 * <p>Runs on the uplink's inbound thread, one command at a time.
 */
public final class CommandRouter implements InboundHandler {

    private final String commandPrefix;
    private final String replyPrefix;
    private final CommandDispatch commands;
    private final ReplySender replies;
    private final EventSink events;

    /**
     * @param topicPrefix {@code uplink.topic_prefix}; commands arrive on {@code <topicPrefix>/cmd/<name>}
     * @param commands the handler of each command name
     */
    public CommandRouter(String topicPrefix, Map<String, CommandHandler> commands, ReplySender replies, EventSink events) {
        this.commandPrefix = topicPrefix + "/cmd/";
        this.replyPrefix = topicPrefix + "/reply/";
        this.commands = new CommandDispatch(commands, true);
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
        CommandDispatch.Outcome outcome = !topic.startsWith(commandPrefix)
                ? CommandDispatch.refused("not a command topic: " + topic)
                : name.isEmpty()
                ? CommandDispatch.refused("no command name in the topic; publish on " + commandPrefix + "<name>, e.g. "
                        + commandPrefix + "ping")
                : commands.run(name, message.payload());
        outcome.refusal().ifPresent(reason -> {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("command", name);
            fields.put("reason", reason);
            events.record("command-refused", fields);
        });
        reply(message, name, outcome.reply());
    }

    /** To the response topic; without one, to {@code P/reply/<name>} (a topic without a command name gets none). */
    private void reply(InboundMessage message, String name, byte[] payload) {
        Optional<String> to = message.responseTopic().or(() -> name.isEmpty() || !message.topic().startsWith(commandPrefix)
                ? Optional.empty() : Optional.of(replyPrefix + name));
        to.ifPresent(topic -> replies.send(topic, message.correlationData(), payload));
    }
}
