package io.outpost.process.alarm;

import java.util.Map;

/**
 * An alarm that is raised and not cleared: what a restart needs to neither raise it twice nor forget
 * it, and what {@code outpost status} lists.
 *
 * @param raisedAt gateway time of the raise, ms
 * @param rule the alarm's rule as configured when it was raised: a restart with another rule retires it
 * @param raise the fields of the record that raised it, repeated in its clear
 */
public record ActiveAlarm(String name, String severity, long raisedAt, String rule, Map<String, Object> raise) {

    public ActiveAlarm {
        // Not Map.copyOf: a stale alarm's fields hold nulls (no reading yet), and their order is the record's.
        raise = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(raise));
    }
}
