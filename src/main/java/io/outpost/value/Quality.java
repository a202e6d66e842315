package io.outpost.value;

/** OPC-style quality of a sample; a failed read is a {@link #BAD} sample, never a silence. */
public enum Quality {
    GOOD("good"), UNCERTAIN("uncertain"), BAD("bad");

    private final String wireName;

    Quality(String wireName) {
        this.wireName = wireName;
    }

    /** The name used in payloads and the CLI. */
    public String wireName() {
        return wireName;
    }
}
