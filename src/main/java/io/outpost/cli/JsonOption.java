package io.outpost.cli;

import picocli.CommandLine.Option;

/** {@code --json} of the commands that ask the daemon: its reply line as it came (docs/protocol.md). */
final class JsonOption {

    @Option(names = "--json", description = "Print the daemon's reply as it is: one line of JSON (docs/protocol.md).")
    boolean json;
}
