package io.outpost.cli;

/** A failure the operator caused with the command line or config: exit code 2. */
public final class UsageProblem extends RuntimeException {

    public UsageProblem(String message) {
        super(message);
    }
}
