package io.outpost.source.gpio;

/** The pins cannot be had (no chip, no permission, pin busy); the message names the pin or chip and the fix. */
final class GpioUnavailableException extends RuntimeException {

    GpioUnavailableException(String message) {
        super(message);
    }

    GpioUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
