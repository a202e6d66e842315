package io.outpost.source;

/** A configured source type that this build validates but cannot run. */
public final class UnsupportedSourceException extends RuntimeException {

    public UnsupportedSourceException(String message) {
        super(message);
    }
}
