package io.outpost.value;


/** Where a source hands its samples. Implementations are thread-safe and never block for long. */
@FunctionalInterface
public interface SampleSink {

    void accept(Sample sample);
}
