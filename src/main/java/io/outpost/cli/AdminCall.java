package io.outpost.cli;

import io.outpost.json.JsonOutput;
import io.outpost.json.JsonReader;
import io.outpost.manage.AdminClient;
import io.outpost.manage.AdminUnavailableException;
import io.outpost.manage.LocalCommands;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * One request of a CLI command to the running daemon through its admin socket (the config's
 * {@code gateway.admin_socket}): the reply line as it came and parsed. When no daemon answers, one line
 * naming the socket and what to check (exit 1); a refusal is the daemon's reason (exit 1).
 */
final class AdminCall {

    /** The reply line as the daemon sent it ({@code --json} prints it) and parsed. */
    record Reply(String line, Map<String, Object> fields) {
    }

    private AdminCall() {
    }

    /** Sends command {@code name} with {@code fields} (strings, numbers, booleans) as its JSON object. */
    static Reply request(Path configFile, String name, Map<String, ?> fields, Duration timeout) throws IOException {
        return request(configFile, name, fields.isEmpty() ? "" : new String(JsonOutput.bytes(64, out -> {
            out.startObject();
            for (Map.Entry<String, ?> f : fields.entrySet()) {
                out.name(f.getKey()).plain(f.getValue());
            }
            out.endObject();
        }), StandardCharsets.UTF_8), timeout);
    }

    /** Sends command {@code name} with {@code body}, a JSON object already written, or "" for none. */
    static Reply request(Path configFile, String name, String body, Duration timeout) throws IOException {
        Path socket = ConfigFiles.require(configFile).gateway().adminSocket();
        String request = LocalCommands.VERSION + " " + name + (body.isEmpty() ? "" : " " + body);
        String line;
        try {
            line = AdminClient.request(socket, request, timeout);
        } catch (AdminUnavailableException e) {
            if (!e.noDaemon()) {
                throw e;
            }
            throw new IOException(e.getMessage() + ". Start the daemon (`systemctl start outpost`, or `outpost run -c "
                    + configFile + "`); if it runs with another config, pass that one with -c; if it runs, its log says"
                    + " why it has no admin socket (event=admin-socket-…)", e);
        }
        Map<String, Object> parsed = parse(line, socket);
        if (!Boolean.TRUE.equals(parsed.get("ok"))) {
            throw new IOException("the daemon on " + socket + " refused: " + parsed.get("error"));
        }
        return new Reply(line, parsed);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parse(String reply, Path socket) throws IOException {
        try {
            if (JsonReader.parse(reply) instanceof Map<?, ?> map) {
                return (Map<String, Object>) map;
            }
        } catch (JsonReader.JsonException e) {
            // reported below, like any other reply that is not an object
        }
        throw new IOException("the reply on " + socket + " is not an outpost reply: " + reply.substring(0,
                Math.min(reply.length(), 200)));
    }
}
