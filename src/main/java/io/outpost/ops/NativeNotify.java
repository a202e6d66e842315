package io.outpost.ops;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Sends to {@code $NOTIFY_SOCKET} through {@code liboutpost-notify.so} (native/notify). JDK 17 has no
 * Unix datagram socket ({@code DatagramChannel.open(StandardProtocolFamily.UNIX)} throws
 * UnsupportedOperationException) and no abstract socket addresses, which {@code $NOTIFY_SOCKET} may
 * name ({@code @…}); that is all the native part does. The sender's credentials need nothing from us:
 * the kernel stamps them on each datagram for a receiver that asked ({@code SO_PASSCRED}, as systemd
 * does), and {@code NotifyAccess=main} then finds the JVM's pid, since the launcher execs the JVM.
 */
final class NativeNotify implements Notify {

    static final String LIBRARY = "liboutpost-notify.so";

    private final byte[] address;

    private NativeNotify(byte[] address) {
        this.address = address;
    }

    /** Loads the library from {@code library} (an absolute path); throws UnsatisfiedLinkError when it cannot. */
    static NativeNotify load(Path library, String socket) {
        System.load(library.toAbsolutePath().toString());
        return new NativeNotify(socket.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void send(String state) throws IOException {
        int errno = send0(address, state.getBytes(StandardCharsets.UTF_8));
        if (errno != 0) {
            throw new IOException(describe0(errno) + " (errno " + errno + ")");
        }
    }

    /** One datagram to {@code address} (a path, or {@code @name} for the abstract namespace); 0 or an errno. */
    private static native int send0(byte[] address, byte[] message);

    private static native String describe0(int errno);
}
