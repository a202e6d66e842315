package io.outpost.store;

import io.outpost.value.Lane;

/** One record as kept in a lane: its seq and the exact payload that goes on the wire. */
public record StoredRecord(Lane lane, long seq, byte[] payload) {
}
