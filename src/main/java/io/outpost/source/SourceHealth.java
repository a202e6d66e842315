package io.outpost.source;

import java.util.Optional;

/**
 * A source's state for operators.
 *
 * @param up whether its last read succeeded
 * @param reads reads attempted
 * @param failures reads failed
 * @param lastError the last failure, if any, as a one-line message
 */
public record SourceHealth(boolean up, long reads, long failures, Optional<String> lastError) {
}
