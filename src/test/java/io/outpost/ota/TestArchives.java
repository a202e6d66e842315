package io.outpost.ota;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/** Writes ustar {@code .tar.gz} archives entry by entry, so a test can make the ones GNU tar will not. */
final class TestArchives {

    record Entry(String name, char type, String content, String link, int mode) {
        static Entry file(String name, String content) {
            return new Entry(name, '0', content, "", 0644);
        }

        static Entry executable(String name, String content) {
            return new Entry(name, '0', content, "", 0755);
        }

        static Entry dir(String name) {
            return new Entry(name, '5', "", "", 0755);
        }

        static Entry symlink(String name, String target) {
            return new Entry(name, '2', "", target, 0777);
        }
    }

    private TestArchives() {
    }

    /** A minimal release: {@code bin/outpost} that says its version, and a lib file. */
    static List<Entry> release(String version) {
        return List.of(Entry.dir("outpost-" + version + "/"), Entry.dir("outpost-" + version + "/bin/"),
                Entry.executable("outpost-" + version + "/bin/outpost", "#!/bin/sh\necho " + version + "\n"),
                Entry.dir("outpost-" + version + "/lib/"), Entry.file("outpost-" + version + "/lib/outpost.jar", "jar " + version),
                Entry.symlink("outpost-" + version + "/lib/current.jar", "outpost.jar"));
    }

    static Path write(Path file, List<Entry> entries) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            for (Entry e : entries) {
                byte[] content = e.content().getBytes(StandardCharsets.UTF_8);
                out.write(header(e, content.length));
                out.write(content);
                out.write(new byte[(512 - content.length % 512) % 512]);
            }
            out.write(new byte[1024]);
        }
        return file;
    }

    private static byte[] header(Entry e, int size) {
        byte[] h = new byte[512];
        put(h, 0, e.name(), 100);
        put(h, 100, String.format("%07o", e.mode()), 8);
        put(h, 108, "0000000", 8);
        put(h, 116, "0000000", 8);
        put(h, 124, String.format("%011o", size), 12);
        put(h, 136, "00000000000", 12);
        h[156] = (byte) e.type();
        put(h, 157, e.link(), 100);
        put(h, 257, "ustar", 6);
        put(h, 263, "00", 2);
        for (int i = 148; i < 156; i++) {
            h[i] = ' ';
        }
        long sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        put(h, 148, String.format("%06o", sum), 7);
        return h;
    }

    private static void put(byte[] h, int at, String s, int max) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length > max) {
            throw new IllegalArgumentException(s);
        }
        System.arraycopy(b, 0, h, at, b.length);
    }

}
