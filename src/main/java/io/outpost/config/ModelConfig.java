package io.outpost.config;

import io.outpost.value.TagId;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** {@code models:} an ONNX model fed a window of each input tag, producing a derived tag. */
public record ModelConfig(String name, Path file, List<TagId> inputs, int window, Duration every,
        Optional<Duration> maxGap, TagId output) {

    public ModelConfig {
        inputs = List.copyOf(inputs);
    }
}
