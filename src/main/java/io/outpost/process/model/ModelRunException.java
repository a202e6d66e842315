package io.outpost.process.model;

/** A model that failed at run time on one window; the run is retried with backoff. */
final class ModelRunException extends Exception {

    ModelRunException(String message, Throwable cause) {
        super(message, cause);
    }
}
