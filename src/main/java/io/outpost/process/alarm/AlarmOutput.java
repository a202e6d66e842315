package io.outpost.process.alarm;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Where alarm raises and clears go: the alarm lane of the store, ahead of telemetry. */
@FunctionalInterface
public interface AlarmOutput {

    /**
     * Appends one alarm record of {@code type} ({@code alarm-raised} or {@code alarm-cleared}) with
     * {@code fields}, and commits {@code activeState} (the raised alarms as of this record, the bytes
     * {@link Alarms#open} reads back) with it: both are durable together or not at all.
     *
     * @return completes once both are on disk, or exceptionally when the record is refused
     */
    CompletableFuture<?> append(String type, Map<String, Object> fields, byte[] activeState);
}
