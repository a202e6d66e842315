package io.outpost.source;

import java.util.List;
import java.util.Optional;

/**
 * A source's state for operators.
 *
 * @param up whether its last read succeeded
 * @param reads reads attempted
 * @param failures reads failed
 * @param missedPolls reads left out because the one before was still running when their time came:
 *     the source cannot keep its poll interval (0 for sources that do not poll)
 * @param lastError the last failure, if any, as a one-line message
 * @param warnings things the operator should act on although the source works (an own certificate
 *     about to expire), each one line saying what and what to do
 */
public record SourceHealth(boolean up, long reads, long failures, long missedPolls, Optional<String> lastError,
        List<String> warnings) {

    public SourceHealth {
        warnings = List.copyOf(warnings);
    }

    /** Health of a source that misses no poll and has nothing to warn about. */
    public SourceHealth(boolean up, long reads, long failures, Optional<String> lastError) {
        this(up, reads, failures, 0, lastError, List.of());
    }
}
