package io.outpost.config;

import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

/**
 * A rule across the keys of one mapping, stated once: its line in the reference docs, its check
 * when a file is read, and which keys it leaves out when a config is printed.
 */
public interface Rule {

    /** The rule in the reference docs; empty for one not listed there (stated in a key's doc, or by {@link #stated}). */
    String doc();

    /** Reports every violation in {@code values} to {@code ctx}. */
    void enforce(SectionValues values, ReadContext ctx);

    /** Whether {@code key} does not apply, given the other values; the printer leaves it out. */
    default boolean excludes(Key<?> key, Lookup values) {
        return false;
    }

    /** A rule checked by {@code check}, which reports to the context itself. */
    static Rule of(String doc, BiConsumer<SectionValues, ReadContext> check) {
        return new Checked(doc, check);
    }

    /**
     * {@code keys} do not apply when {@code on}'s value is one that {@code when} accepts: writing
     * one is reported with {@code message} at the key, and the printer leaves them out.
     */
    static <T> Rule notApplicable(Key<T> on, Predicate<? super T> when, String message, List<Key<?>> keys) {
        return new NotApplicable<>(on, when, message, List.copyOf(keys));
    }

    /**
     * A rule the values of one mapping cannot check: one across mappings (names unique in a list, a
     * tag that another section declares), checked by the binder that sees them all, or one the
     * reader applies. Stated here so the docs list it with the mapping's keys.
     */
    static Rule checkedElsewhere(String doc) {
        return new Checked(doc, (values, ctx) -> {
        });
    }

    /** Several rules documented as one line. */
    static Rule stated(String doc, Rule... parts) {
        return new Stated(doc, List.of(parts));
    }

    record Checked(String doc, BiConsumer<SectionValues, ReadContext> check) implements Rule {
        @Override
        public void enforce(SectionValues values, ReadContext ctx) {
            check.accept(values, ctx);
        }
    }

    record NotApplicable<T>(Key<T> on, Predicate<? super T> when, String message, List<Key<?>> keys) implements Rule {
        @Override
        public String doc() {
            return "";
        }

        @Override
        public void enforce(SectionValues values, ReadContext ctx) {
            if (applies(values)) {
                keys.stream().filter(values::has).forEach(key -> ctx.problem(values.keyNode(key), values.path(key), message));
            }
        }

        @Override
        public boolean excludes(Key<?> key, Lookup values) {
            return keys.contains(key) && applies(values);
        }

        private boolean applies(Lookup values) {
            return values.find(on).filter(when).isPresent();
        }
    }

    record Stated(String doc, List<Rule> parts) implements Rule {
        @Override
        public void enforce(SectionValues values, ReadContext ctx) {
            parts.forEach(rule -> rule.enforce(values, ctx));
        }

        @Override
        public boolean excludes(Key<?> key, Lookup values) {
            return parts.stream().anyMatch(rule -> rule.excludes(key, values));
        }
    }
}
