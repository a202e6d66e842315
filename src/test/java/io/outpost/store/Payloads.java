package io.outpost.store;

import io.outpost.value.Lane;
import java.nio.charset.StandardCharsets;

/** Payloads derived from lane and seq, so any stored record can be checked against what was written. */
final class Payloads {

    private Payloads() {
    }

    static byte[] of(Lane lane, long seq) {
        return sized(lane, seq, 40 + (int) Math.floorMod(seq * 7919, 600L));
    }

    /** Exactly {@code length} bytes, starting with a readable lane/seq tag. */
    static byte[] sized(Lane lane, long seq, int length) {
        byte[] tag = ("{\"lane\":\"" + lane.wireName() + "\",\"seq\":" + seq + ",\"fill\":\"")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[length];
        for (int i = 0; i < length; i++) {
            out[i] = i < tag.length ? tag[i] : (byte) ('a' + Math.floorMod(seq * 31 + i, 26L));
        }
        return out;
    }

    /** The state an alarm record carries in the crash test: the seq that record gets, so each names its record. */
    static StoreState stateFor(long alarmSeq) {
        return new StoreState("crash-test", Long.toString(alarmSeq).getBytes(StandardCharsets.US_ASCII));
    }
}
