package io.outpost.source;

import io.outpost.value.SampleSink;

/**
 * Turns device reads into samples, and knows nothing of MQTT or disk. One implementation per source
 * type; each runs on the shared {@link SourceScheduler} with its own timing so a slow device never
 * delays another.
 */
public interface Source extends AutoCloseable {

    /** The source's configured name: its tags are addressed as {@code name/<tag>}. */
    String name();

    /** Starts producing samples into {@code sink}. Called once. */
    void start(SampleSink sink);

    /** Health as of now, for status and events. */
    SourceHealth health();

    /** Stops producing; samples already handed to the sink stay there. */
    @Override
    void close();
}
