package io.outpost.config;

import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A rule across the entries of one list (the tags of a source, the sources of one type in a file):
 * its line in the reference docs, and a check that sees each entry in turn.
 *
 * @param open a fresh check for one list, which reports to the context as it sees entries
 */
public record EntryRule(String doc, Function<ReadContext, Consumer<SectionValues>> open) {

    public EntryRule {
        Objects.requireNonNull(doc, "doc");
        Objects.requireNonNull(open, "open");
    }
}
