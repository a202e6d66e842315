package io.outpost.cli;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** What every command that asks the running daemon takes ({@code -c}, {@code --json}), and how it asks and prints. */
final class DaemonOptions {

    @Mixin
    ConfigOption config;

    @Option(names = "--json", description = "Print the daemon's reply as it is: one line of JSON (docs/protocol.md).")
    boolean json;

    AdminCall.Reply ask(String command, Map<String, ?> fields, Duration timeout) throws IOException {
        return AdminCall.request(config.resolve(), command, fields, timeout);
    }

    /** The reply line with {@code --json}, else {@code human} of its fields. */
    void print(AdminCall.Reply reply, Function<Map<String, Object>, String> human) {
        System.out.println(json ? reply.line() : human.apply(reply.fields()));
    }
}
