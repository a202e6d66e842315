package io.outpost.manage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.value.Value;
import io.outpost.value.SampleSink;
import io.outpost.source.SourceHealth;
import io.outpost.source.WritableSource;
import io.outpost.source.WriteRefusedException;
import io.outpost.uplink.InboundMessage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The router with its real commands and a small writable source, without a broker. */
class CommandRouterTest {

    private static final String P = "outpost/gw";

    private final List<String> replies = new ArrayList<>();
    private final List<String> events = new ArrayList<>();
    private final Relay relay = new Relay();
    private final CommandRouter router = new CommandRouter(P, Map.of(
            "ping", new PingCommand("gw", "b00t", () -> 42L),
            "set-output", new SetOutputCommand(Map.of("relay", relay))),
            (topic, correlation, payload) -> replies.add(topic + " " + new String(correlation.orElse(new byte[0]),
                    StandardCharsets.UTF_8) + " " + new String(payload, StandardCharsets.UTF_8)),
            (type, fields) -> events.add(type + " " + fields));

    @Test
    void setOutputWritesThroughTheSourceAndRepliesWithTheValueReadBack() {
        router.handle(command("set-output", "{\"tag\":\"relay/k1\",\"value\":true}"));
        assertEquals(List.of("replies/1 c-1 {\"ok\":true,\"tag\":\"relay/k1\",\"value\":true}"), replies);
        assertEquals(List.of("k1=true"), relay.writes);
        assertEquals(List.of(), events);
    }

    @Test
    void pingAnswersWithTheGatewayAndItsClock() {
        router.handle(command("ping", ""));
        assertEquals(List.of("replies/1 c-1 {\"ok\":true,\"gw\":\"gw\",\"boot\":\"b00t\",\"ts\":42}"), replies);
    }

    @Test
    void everyKindOfBadCommandGetsAnErrorReplyAndAnEvent() {
        String[][] cases = {
            {"reboot", "{}", "unknown command 'reboot'; the commands are ping, set-output"},
            {"set-output", "[1]", "payload must be a JSON object"},
            {"set-output", "{\"tag\":", "payload is not valid JSON: unexpected end at character 8"},
            {"set-output", "{\"value\":true}", "missing field \"tag\", e.g. \"panel/lamp\""},
            {"set-output", "{\"tag\":7,\"value\":true}", "\"tag\" must be a string, e.g. \"panel/lamp\""},
            {"set-output", "{\"tag\":\"relay/k1\"}", "missing field \"value\""},
            {"set-output", "{\"tag\":\"relay/k1\",\"value\":null}", "\"value\" must be true or false, a number or a string"},
            {"set-output", "{\"tag\":\"relay/k1\",\"value\":true,\"force\":1}", "unknown field \"force\"; set-output takes \"tag\", \"value\""},
            {"ping", "{\"x\":1}", "unknown field \"x\"; ping takes no fields; send {} or an empty payload"},
            {"set-output", "{\"tag\":\"k1\",\"value\":true}", "\"k1\" is not a tag address (source/name)"},
            {"set-output", "{\"tag\":\"pump/k1\",\"value\":true}", "unknown tag pump/k1: there is no source 'pump'"},
            {"set-output", "{\"tag\":\"relay/input1\",\"value\":true}", "tag relay/input1 is an input"},
            {"set-output", "{\"tag\":\"relay/boom\",\"value\":true}", "internal error: wire cut"},
        };
        for (String[] c : cases) {
            replies.clear();
            events.clear();
            router.handle(command(c[0], c[1]));
            assertEquals(List.of("replies/1 c-1 {\"ok\":false,\"error\":\"" + c[2].replace("\"", "\\\"") + "\"}"), replies, c[1]);
            assertEquals(List.of("command-refused {command=" + c[0] + ", reason=" + c[2] + "}"), events, c[1]);
        }
        assertEquals(List.of(), relay.writes, "nothing was written");
    }

    @Test
    void aTopicWithoutACommandNameIsRefusedWithAReplyAndAnEventNamingNoCommand() {
        router.handle(command("", "{}"));
        String reason = "no command name in the topic; publish on " + P + "/cmd/<name>, e.g. " + P + "/cmd/ping";
        assertEquals(List.of("replies/1 c-1 {\"ok\":false,\"error\":\"" + reason + "\"}"), replies);
        assertEquals(List.of("command-refused {command=, reason=" + reason + "}"), events);
    }

    @Test
    void withoutAResponseTopicTheReplyGoesToTheReplyTopicOfTheCommandAndANamelessOneGetsOnlyAnEvent() {
        router.handle(new InboundMessage(P + "/cmd/ping", new byte[0], Optional.empty(), Optional.empty()));
        assertEquals(List.of(P + "/reply/ping  {\"ok\":true,\"gw\":\"gw\",\"boot\":\"b00t\",\"ts\":42}"), replies);
        replies.clear();
        router.handle(new InboundMessage(P + "/cmd/", new byte[0], Optional.empty(), Optional.empty()));
        assertEquals(List.of(), replies);
        events.clear();
        router.handle(new InboundMessage(P + "/cmd/set-output", new byte[] {(byte) 0xff, '{'}, Optional.empty(), Optional.empty()));
        assertEquals(1, replies.size(), replies.toString());
        assertTrue(replies.get(0).startsWith(P + "/reply/set-output  {\"ok\":false,\"error\":\"payload is not valid JSON"),
                replies.get(0));
        assertEquals(1, events.size());
        assertTrue(events.get(0).startsWith("command-refused {command=set-output, reason=payload is not valid JSON"), events.get(0));
    }

    private static InboundMessage command(String name, String payload) {
        return new InboundMessage(P + "/cmd/" + name, payload.getBytes(StandardCharsets.UTF_8), Optional.of("replies/1"),
                Optional.of("c-1".getBytes(StandardCharsets.UTF_8)));
    }

    /** A writable source with one output {@code k1}, one input, and one tag whose device fails. */
    private static final class Relay implements WritableSource {
        final List<String> writes = new ArrayList<>();

        @Override
        public Value write(String tagName, Value value) {
            switch (tagName) {
                case "k1" -> {
                    writes.add(tagName + "=" + ((Value.Bool) value).value());
                    return value;
                }
                case "input1" -> throw new WriteRefusedException("tag relay/input1 is an input");
                case "boom" -> throw new IllegalStateException("wire cut");
                default -> throw new WriteRefusedException("unknown tag relay/" + tagName);
            }
        }

        @Override
        public String name() {
            return "relay";
        }

        @Override
        public void start(SampleSink sink) {
        }

        @Override
        public SourceHealth health() {
            return new SourceHealth(true, 0, 0, Optional.empty());
        }

        @Override
        public void close() {
        }
    }
}
