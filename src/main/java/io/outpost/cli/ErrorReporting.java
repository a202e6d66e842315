package io.outpost.cli;

import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * Turns a command's failure into one line naming what failed and what to do, and an exit code;
 * the stack trace only with {@code --debug}.
 */
public final class ErrorReporting implements CommandLine.IExecutionExceptionHandler {

    private final boolean debug;

    public ErrorReporting(boolean debug) {
        this.debug = debug;
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parsed) {
        String message = e.getMessage() != null ? e.getMessage() : e.toString();
        cmd.getErr().println("outpost: " + message);
        if (debug) {
            e.printStackTrace(cmd.getErr());
        }
        return exitCode(e);
    }

    /** 2 for a bad config or usage, 1 for anything else that went wrong. */
    static int exitCode(Throwable e) {
        return e instanceof UsageProblem ? 2 : 1;
    }
}
