package io.outpost.manage;

import java.util.Optional;

/** Publishes a command's reply (the uplink's {@code reply}); never blocks; false when it could not be queued. */
@FunctionalInterface
public interface ReplySender {

    boolean send(String topic, Optional<byte[]> correlationData, byte[] payload);
}
