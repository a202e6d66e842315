package io.outpost.process.alarm;

import java.util.Map;
import java.util.function.LongConsumer;

/** Where alarm raises and clears go: the alarm lane of the store, ahead of telemetry. */
@FunctionalInterface
public interface AlarmOutput {

    /**
     * Appends one alarm record of {@code type} ({@code alarm-raised} or {@code alarm-cleared}) with
     * {@code fields}. {@code atSeq} runs when the store gives the record its seq, before the commit
     * that makes it durable, on the store's writer thread: what must be on disk no later than the record.
     */
    void append(String type, Map<String, Object> fields, LongConsumer atSeq);
}
