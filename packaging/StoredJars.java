import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Copies the jars of a release into a package's release tree, each entry stored instead of deflated
 * and without native libraries (they go to lib/native, one architecture's only, from the build).
 * Stored, the classes of all jars reach the package's xz as they are, and xz finds far more in them
 * than in 40 separate deflate streams: about a third of the package's size (packaging/README.md).
 * Entry order, names, times and bytes stay as they were, so a signed jar's signature still holds
 * (it covers the bytes, not their compression).
 *
 *   java packaging/StoredJars.java FROM_DIR TO_DIR
 */
public final class StoredJars {

    public static void main(String[] args) throws IOException {
        Path from = Path.of(args[0]);
        Path to = Path.of(args[1]);
        Files.createDirectories(to);
        List<Path> jars;
        try (Stream<Path> list = Files.list(from)) {
            jars = list.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
        }
        for (Path jar : jars) {
            if (codeless(jar)) {
                // Guava's listenablefuture-9999.0 placeholder: it only steers Maven's resolution.
                System.out.println("StoredJars: " + jar.getFileName() + ": holds nothing but META-INF, left out");
                continue;
            }
            List<String> natives = copyStored(jar, to.resolve(jar.getFileName()));
            if (!natives.isEmpty()) {
                System.out.println("StoredJars: " + jar.getFileName() + ": " + natives.size() + " native files left out");
            }
        }
    }

    private static boolean codeless(Path jar) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            return zip.stream().allMatch(entry -> entry.getName().startsWith("META-INF/"));
        }
    }

    static boolean isNative(String name) {
        return name.endsWith(".so") || name.endsWith(".dll") || name.endsWith(".dylib") || name.endsWith(".jnilib")
                || name.contains(".dSYM/") || name.startsWith("ai/onnxruntime/native/");
    }

    private static List<String> copyStored(Path jar, Path target) throws IOException {
        List<String> natives = new ArrayList<>();
        try (ZipFile in = new ZipFile(jar.toFile()); OutputStream file = Files.newOutputStream(target);
                ZipOutputStream out = new ZipOutputStream(file)) {
            Enumeration<? extends ZipEntry> entries = in.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                if (isNative(entry.getName())) {
                    natives.add(entry.getName());
                    continue;
                }
                byte[] bytes;
                try (InputStream data = in.getInputStream(entry)) {
                    bytes = data.readAllBytes();
                }
                CRC32 crc = new CRC32();
                crc.update(bytes);
                ZipEntry stored = new ZipEntry(entry.getName());
                stored.setMethod(ZipEntry.STORED);
                stored.setSize(bytes.length);
                stored.setCompressedSize(bytes.length);
                stored.setCrc(crc.getValue());
                stored.setTime(entry.getTime());
                if (entry.getExtra() != null) {
                    stored.setExtra(entry.getExtra());
                }
                out.putNextEntry(stored);
                out.write(bytes);
                out.closeEntry();
            }
        }
        return natives;
    }
}
