package io.outpost.manage;

/** A command that was not carried out; the message is what the requester and the event are told. */
public final class CommandRefusedException extends Exception {

    public CommandRefusedException(String message) {
        super(message);
    }
}
