package io.outpost.config;

import io.outpost.value.TagId;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalDouble;

/** {@code alarms:} a threshold (above/below with clear and for) or a staleness rule on one tag. */
public record AlarmConfig(
        String name, TagId tag, OptionalDouble above, OptionalDouble below, OptionalDouble clear,
        Optional<Duration> forDuration, Optional<Duration> stale, Severity severity) {

    public enum Severity { CRITICAL, MAJOR, MINOR, INFO }
}
