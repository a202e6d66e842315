package io.outpost.cli;

import io.outpost.manage.AdminClient;
import io.outpost.manage.AdminUnavailableException;
import io.outpost.json.JsonReader;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code outpost status [--json]}: asks the running daemon through its admin socket. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Ask the running daemon: version, uptime, each source's health, the queue per lane, the link.")
public final class StatusCommand implements Callable<Integer> {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Mixin
    ConfigOption config;

    @Option(names = "--json", description = "Print the daemon's reply as it is: one line of JSON (docs/protocol.md).")
    boolean json;

    @Override
    public Integer call() throws IOException {
        Path file = config.resolve();
        Path socket = ConfigFiles.require(file).gateway().adminSocket();
        String reply;
        try {
            reply = AdminClient.request(socket, "status", TIMEOUT);
        } catch (AdminUnavailableException e) {
            if (!e.noDaemon()) {
                throw e;
            }
            throw new IOException(e.getMessage() + ". Start the daemon (`systemctl start outpost`, or `outpost run -c "
                    + file + "`); if it runs with another config, pass that one with -c; if it runs, its log says"
                    + " why it has no admin socket (event=admin-socket-…)", e);
        }
        Map<String, Object> parsed = parse(reply, socket);
        if (!Boolean.TRUE.equals(parsed.get("ok"))) {
            throw new IOException("the daemon on " + socket + " refused: " + parsed.get("error"));
        }
        System.out.println(json ? reply : StatusTable.render(parsed));
        return 0;
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
        throw new IOException("the reply on " + socket + " is not an outpost status: " + reply.substring(0,
                Math.min(reply.length(), 200)));
    }
}
