package io.outpost.uplink;

import io.outpost.config.UplinkConfig;
import io.outpost.uplink.Transport.ConnectOptions;
import io.outpost.uplink.Transport.OutboundMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import javax.net.SocketFactory;

/**
 * Builds the connect options of one attempt from {@code uplink:}: keep-alive and timeout, the Last
 * Will, user name, the password from {@code password_file} and TLS from {@code uplink.tls}. Files are
 * read on every attempt, so a rotated password or a renewed certificate is used without a restart;
 * a file that cannot be used fails the attempt with its config key and path named.
 *
 * <p>Immutable; called on the {@code uplink} thread.
 */
final class ConnectSettings {

    private final UplinkConfig config;
    private final LinkTimings timings;
    private final OutboundMessage will;

    ConnectSettings(UplinkConfig config, LinkTimings timings, OutboundMessage will) {
        this.config = config;
        this.timings = timings;
        this.will = will;
    }

    ConnectOptions build() throws LinkSetupException {
        Optional<byte[]> password = Optional.empty();
        if (config.passwordFile().isPresent()) {
            password = Optional.of(readPassword(config.passwordFile().get()));
        }
        String scheme = config.url().getScheme();
        SocketFactory sockets = "ssl".equals(scheme) || "wss".equals(scheme)
                ? NoDelaySockets.tls(TlsSocketFactories.create(config.tls()))
                : NoDelaySockets.plain();
        return new ConnectOptions(timings.keepAlive(), timings.connectTimeout(), will, config.username(), password,
                Optional.of(sockets), config.sessionExpiry());
    }

    /** The file's text without its trailing line breaks (editors add one; nobody means it as part of the password). */
    private static byte[] readPassword(Path file) throws LinkSetupException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new LinkSetupException("uplink.password_file " + file + ": cannot read (" + e.getClass().getSimpleName() + ")", e);
        }
        int end = text.length();
        while (end > 0 && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r')) {
            end--;
        }
        return text.substring(0, end).getBytes(StandardCharsets.UTF_8);
    }
}
