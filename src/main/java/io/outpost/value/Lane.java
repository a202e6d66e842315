package io.outpost.value;

/**
 * The store's independent FIFOs. Declaration order is drain priority (alarms first) and the
 * reverse of eviction order when the store is full (telemetry is dropped first, alarms last).
 */
public enum Lane {
    ALARMS("alarms"), EVENTS("events"), TELEMETRY("telemetry");

    private final String wireName;

    Lane(String wireName) {
        this.wireName = wireName;
    }

    /** Name in topics ({@code P/telemetry}), status output and metrics. */
    public String wireName() {
        return wireName;
    }
}
