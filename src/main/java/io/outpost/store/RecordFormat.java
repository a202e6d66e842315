package io.outpost.store;

/**
 * What a stored record's bytes are, told from the bytes themselves: a record keeps the encoding it was
 * stored with, so records queued before {@code uplink.encoding} changed go out as they were written,
 * under their own content type.
 */
public enum RecordFormat {
    /** SPEC §4's JSON record (always for events and alarms). */
    JSON("application/json", true),
    /** The compact telemetry record (docs/protocol.md): self-described CBOR. */
    CBOR("application/cbor", false);

    /** RFC 8949 §3.4.6: {@code D9 D9 F7} in front of a CBOR item says "this is CBOR" and nothing else. */
    static final int SELF_DESCRIBED_CBOR_TAG = 55799;

    private final String contentType;
    private final boolean utf8;

    RecordFormat(String contentType, boolean utf8) {
        this.contentType = contentType;
        this.utf8 = utf8;
    }

    /** The MQTT 5 Content Type the record is published with. */
    public String contentType() {
        return contentType;
    }

    /** Whether the payload is UTF-8 text (the MQTT 5 Payload Format Indicator 1) or bytes (0). */
    public boolean utf8() {
        return utf8;
    }

    public static RecordFormat of(byte[] payload) {
        return payload.length >= 3 && (payload[0] & 0xFF) == 0xD9 && (payload[1] & 0xFF) == 0xD9
                && (payload[2] & 0xFF) == 0xF7 ? CBOR : JSON;
    }
}
