package io.outpost.gateway;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The SHA-256 of the config file's bytes: tells an operator (and a fleet) which file a gateway runs. */
record ConfigDigest(String hex) {

    static final ConfigDigest UNREADABLE = new ConfigDigest("unreadable");

    static ConfigDigest of(Path file) {
        try {
            return of(Files.readAllBytes(file));
        } catch (IOException e) {
            return UNREADABLE;
        }
    }

    /** The digest of a config document's bytes, as it would be once written to the config file. */
    static ConfigDigest of(byte[] document) {
        try {
            return new ConfigDigest("sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(document)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
