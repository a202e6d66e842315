package io.outpost.uplink;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.config.TlsConfig;
import io.outpost.config.UplinkConfig;
import io.outpost.uplink.Transport.ConnectOptions;
import io.outpost.uplink.Transport.OutboundMessage;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectSettingsTest {

    private static final OutboundMessage WILL = OutboundMessage.of("outpost/gw/status", new byte[] {1}, true);

    @TempDir
    Path dir;

    private static ConnectSettings settings(UplinkConfig config) {
        return new ConnectSettings(config, TestConfigs.FAST_TIMINGS, WILL);
    }

    @Test
    void readsThePasswordFileOnEveryAttemptWithoutItsTrailingLineBreak() throws Exception {
        Path file = dir.resolve("mqtt.pass");
        Files.writeString(file, "first\r\n");
        ConnectSettings settings = settings(TestConfigs.config("gw", "tcp://127.0.0.1:1883", 8, Optional.empty(),
                Optional.of("gw-user"), Optional.of(file)));
        ConnectOptions first = settings.build();
        assertArrayEquals("first".getBytes(StandardCharsets.UTF_8), first.password().orElseThrow());
        assertEquals(Optional.of("gw-user"), first.username());
        assertEquals(WILL, first.will());
        assertEquals(TestConfigs.FAST_TIMINGS.keepAlive(), first.keepAlive());
        assertFalse(first.socketFactory().orElseThrow() instanceof SSLSocketFactory, "no TLS on tcp://");
        try (Socket socket = first.socketFactory().orElseThrow().createSocket()) {
            assertTrue(socket.getTcpNoDelay(), "a PUBLISH goes out at once, not after the broker's delayed ACK");
        }

        Files.writeString(file, "rotated\n");
        assertArrayEquals("rotated".getBytes(StandardCharsets.UTF_8), settings.build().password().orElseThrow());
    }

    @Test
    void aMissingPasswordFileFailsTheAttemptNamingKeyAndPath() {
        Path file = dir.resolve("absent.pass");
        ConnectSettings settings = settings(TestConfigs.config("gw", "tcp://127.0.0.1:1883", 8, Optional.empty(),
                Optional.empty(), Optional.of(file)));
        LinkSetupException e = assertThrows(LinkSetupException.class, settings::build);
        assertEquals("uplink.password_file " + file + ": cannot read (NoSuchFileException)", e.getMessage());
    }

    @Test
    void sslGetsATlsSocketFactoryAndACertWithoutItsKeyIsRefused() throws Exception {
        ConnectOptions tls = settings(TestConfigs.tls("gw", "ssl://127.0.0.1:8883",
                new TlsConfig(Optional.empty(), Optional.empty(), Optional.empty()))).build();
        assertTrue(tls.socketFactory().orElseThrow() instanceof SSLSocketFactory);
        try (Socket socket = tls.socketFactory().orElseThrow().createSocket()) {
            assertTrue(socket.getTcpNoDelay(), "TLS sockets send at once too");
        }

        ConnectSettings half = settings(TestConfigs.tls("gw", "ssl://127.0.0.1:8883",
                new TlsConfig(Optional.empty(), Optional.of(dir.resolve("gw.pem")), Optional.empty())));
        assertTrue(assertThrows(LinkSetupException.class, half::build).getMessage().contains("cert_file and key_file go together"));
    }
}
