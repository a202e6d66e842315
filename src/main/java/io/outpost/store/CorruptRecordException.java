package io.outpost.store;

/** A record in the store file failed its checksum or does not parse: the bytes on disk are damaged. */
final class CorruptRecordException extends RuntimeException {

    CorruptRecordException(String message) {
        super(message);
    }
}
