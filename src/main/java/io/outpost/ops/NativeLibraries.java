package io.outpost.ops;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Points the libraries with native parts (ONNX Runtime, jSerialComm, Pi4J's gpiod) at the release's
 * {@code lib/native}, where the package puts the one architecture's copies it ships (their jars
 * carry none: see packaging/README.md). Without this they would look inside their jars, find
 * nothing, and fail; with it they load in place instead of copying themselves into {@code /tmp} or
 * {@code ~/.jSerialComm} at each start. A property the operator set on the command line stays, and a
 * library whose file is not there (gpiod on amd64) is left to its own search.
 */
public final class NativeLibraries {

    private NativeLibraries() {
    }

    /** The running release's {@code lib/native}, when the launcher named the release ({@code outpost.home}) and it has one. */
    public static Optional<Path> directory() {
        String home = System.getProperty("outpost.home");
        if (home == null || home.isBlank()) {
            return Optional.empty();
        }
        Path dir = Path.of(home, "lib", "native");
        return Files.isDirectory(dir) ? Optional.of(dir) : Optional.empty();
    }

    /** Before any of those libraries loads: their loaders read these properties once, in a static initialiser. */
    public static void useBundled(Path dir) {
        use("onnxruntime.native.path", dir, "libonnxruntime.so");
        use("jSerialComm.library.path", dir, "libjSerialComm.so");
        use("pi4j.library.path", dir, "libpi4j-gpiod.so");
    }

    private static void use(String property, Path dir, String library) {
        if (System.getProperty(property) == null && Files.isRegularFile(dir.resolve(library))) {
            System.setProperty(property, dir.toAbsolutePath().toString());
        }
    }
}
