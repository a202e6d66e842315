package io.outpost.manage;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The commands the local admin socket answers, with the same handlers and replies as {@code P/cmd/<name>}.
 * A request is one line: optionally the protocol version ({@code v1}) and a space, the command's name,
 * then optionally a space and its JSON object ({@code v1 status}, {@code ping {}}); without a version it is
 * {@code v1}, so the scripts written before the version keep working. A refusal is answered and logged; it is not an event, since
 * it never left the machine.
 */
public final class LocalCommands {

    private static final Logger log = LoggerFactory.getLogger(LocalCommands.class);

    private final CommandDispatch commands;

    public LocalCommands(Map<String, CommandHandler> commands) {
        this.commands = new CommandDispatch(commands, false);
    }

    /** The one version of the request line this daemon speaks; the CLI sends it first ({@code v1 status}). */
    public static final String VERSION = "v1";

    /** The reply to one request line, as one line of JSON. */
    public String answer(String request) {
        String line = request.strip();
        if (line.matches("v\\d+( .*)?")) {
            String version = line.split(" ", 2)[0];
            if (!version.equals(VERSION)) {
                String reason = "admin protocol " + version + " is not spoken here; this daemon speaks " + VERSION
                        + ": use the outpost command of the daemon's own version";
                log.info("event=admin-request-refused reason=\"{}\"", reason);
                return new String(ReplyPayloads.error(reason), StandardCharsets.UTF_8);
            }
            line = line.substring(version.length()).strip();
        }
        int space = line.indexOf(' ');
        String name = space < 0 ? line : line.substring(0, space);
        String payload = space < 0 ? "" : line.substring(space + 1);
        CommandDispatch.Outcome outcome = commands.run(name, payload.getBytes(StandardCharsets.UTF_8));
        outcome.refusal().ifPresent(reason -> log.info("event=admin-request-refused reason=\"{}\"",
                reason.replaceAll("\\p{Cntrl}", "?")));
        return new String(outcome.reply(), StandardCharsets.UTF_8);
    }
}
