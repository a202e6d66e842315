package io.outpost.uplink;

/**
 * A connect attempt failed for a reason already put in words for the operator: mostly something on
 * this side (a credentials or PEM file missing or unreadable; the message names the file and the
 * config key), or a broker refusing the birth.
 */
final class LinkSetupException extends Exception {

    LinkSetupException(String message) {
        super(message);
    }

    LinkSetupException(String message, Throwable cause) {
        super(message, cause);
    }
}
