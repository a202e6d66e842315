package io.outpost.gateway;

import io.outpost.config.OutpostConfig;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/**
 * Config sections this version reads and validates but does not apply yet. The one list both
 * {@code validate} and {@code run} warn from, so an operator is never told a section works when it is
 * silently ignored; a section leaves the list in the change that builds it.
 */
public enum SectionNotApplied {

    OTA("ota", "no update is downloaded or applied", config -> config.ota().isPresent());

    private final String key;
    private final String effect;
    private final Predicate<OutpostConfig> present;

    SectionNotApplied(String key, String effect, Predicate<OutpostConfig> present) {
        this.key = key;
        this.effect = effect;
        this.present = present;
    }

    /** The sections {@code config} has that are not applied, in file order of the SPEC. */
    public static List<SectionNotApplied> in(OutpostConfig config) {
        return Arrays.stream(values()).filter(s -> s.present.test(config)).toList();
    }

    /** The top-level key, e.g. {@code models}. */
    public String key() {
        return key;
    }

    /** What the operator should not expect, e.g. {@code no alarm is raised or sent}. */
    public String effect() {
        return effect;
    }

    /** One line for a person: what is not applied and what that means. */
    public String message() {
        return "not applied yet in this version, the section is only checked: " + effect;
    }
}
