package io.outpost.config;

import java.nio.file.Path;

/** {@code ota:} the Ed25519 public key that update manifests must be signed with. */
public record OtaConfig(Path publicKeyFile) {
}
