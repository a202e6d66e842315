package io.outpost.process.model;

import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One model as {@code outpost status} shows it.
 *
 * @param state {@code waiting} (windows not full yet), {@code ok}, {@code skipping} (a bad reading or a
 *     gap: output {@code uncertain}) or {@code failing} (the runtime threw: retried with backoff)
 * @param lastRunMillis gateway time of the last run that gave a score, 0 before the first
 * @param lastLatencyMicros how long that run took in the runtime
 * @param problem why it is skipping or failing
 */
public record ModelStatus(String name, String output, String state, long runs, long skipped, long failures,
        long lastRunMillis, long lastLatencyMicros, OptionalDouble lastScore, Optional<String> problem) {
}
