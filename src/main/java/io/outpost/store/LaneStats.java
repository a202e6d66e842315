package io.outpost.store;

import io.outpost.value.Lane;

/**
 * A lane's state.
 *
 * @param depth records waiting for acknowledgement
 * @param bytes payload bytes of those records
 * @param firstSeq oldest waiting seq, 0 when empty
 * @param lastSeq last seq assigned (persisted), 0 before the first record
 * @param droppedRecords records dropped by the size limit since the store file was created
 */
public record LaneStats(Lane lane, long depth, long bytes, long firstSeq, long lastSeq, long droppedRecords) {
}
