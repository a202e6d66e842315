package io.outpost.config;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** "Did you mean" for misspelt keys, values and tag names: the closest candidate, if close enough. */
final class Suggestions {

    private static final int MAX_DISTANCE = 2;

    private Suggestions() {
    }

    /**
     * The candidate closest to {@code typed}: an exact match ignoring case and {@code -}/{@code _}
     * first, then the nearest within two edits (one for words of up to four letters, where two edits
     * would reach unrelated words). Ties go to the earlier candidate.
     */
    static Optional<String> closest(String typed, Collection<String> candidates) {
        String normalized = normalize(typed);
        for (String candidate : candidates) {
            if (normalize(candidate).equals(normalized)) {
                return Optional.of(candidate);
            }
        }
        int limit = typed.length() <= 4 ? 1 : MAX_DISTANCE;
        String best = null;
        int bestDistance = limit + 1;
        for (String candidate : candidates) {
            int d = distance(typed, candidate, bestDistance);
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        return Optional.ofNullable(best);
    }

    /** " did you mean `x`?" or "", to append to a message. */
    static String didYouMean(String typed, Collection<String> candidates) {
        return closest(typed, candidates).map(s -> "; did you mean `" + s + "`?").orElse("");
    }

    private static String normalize(String s) {
        return s.toLowerCase(Locale.ROOT).replace('-', '_');
    }

    /** Levenshtein distance, giving up (returning {@code cap}) once it cannot come under it. */
    static int distance(String a, String b, int cap) {
        if (Math.abs(a.length() - b.length()) >= cap) {
            return cap;
        }
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            int rowMin = current[0];
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
                rowMin = Math.min(rowMin, current[j]);
            }
            if (rowMin >= cap) {
                return cap;
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return Math.min(previous[b.length()], cap);
    }
}
