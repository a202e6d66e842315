package io.outpost.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code ota:} the Ed25519 public key that update manifests must be signed with, and the health gate
 * a new release must pass (docs/ota.md).
 */
public record OtaConfig(Path publicKeyFile, Duration healthDeadline, int maxAttempts, long keepFreeBytes) {
}
