package io.outpost.ota;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * A strict reader of the tar archives a release is shipped in (GNU tar's default format as
 * {@code build-package.sh} writes it, ustar and pax): regular files, folders and symbolic links, with
 * long names from GNU {@code L}/{@code K} records or pax {@code path}/{@code linkpath}. Anything else
 * (hard links, devices, FIFOs, sparse files, a bad header checksum, a pax size, a truncated archive) is
 * refused. Names are returned as written: {@link ReleaseArchive} decides what may be unpacked where.
 * Our own rather than commons-compress: the JDK has no tar, a release uses six record types of it, and
 * this refuses, in about 150 lines, everything else a library would try to make sense of. One instance
 * reads one stream, on the caller's thread.
 */
final class TarReader {

    private static final int BLOCK = 512;
    /** A long name or a pax header is a few hundred bytes; more is not a release. */
    private static final int MAX_META = 64 * 1024;

    private final InputStream in;
    private long remaining;
    private long padding;
    private boolean ended;

    TarReader(InputStream in) {
        this.in = in;
    }

    /** The next entry, its content then readable with {@link #content}; null at the archive's end. */
    TarEntry next() throws IOException, OtaRefusal {
        skip(remaining + padding);
        remaining = 0;
        padding = 0;
        String longName = null;
        String longLink = null;
        Map<String, String> pax = Map.of();
        while (!ended) {
            byte[] header = block();
            if (zero(header)) {
                ended = true;
                return null;
            }
            checksum(header);
            char type = (char) header[156];
            long size = octal(header, 124, 12);
            String name = text(header, 0, 100);
            String prefix = magicUstar(header) ? text(header, 345, 155) : "";
            switch (type) {
                case 'L' -> longName = meta(size);
                case 'K' -> longLink = meta(size);
                case 'x' -> pax = pax(meta(size));
                case 'g' -> meta(size);
                case '0', '\0', '5', '2' -> {
                    String path = pax.getOrDefault("path", longName != null ? longName : prefix.isEmpty() ? name : prefix + "/" + name);
                    String link = pax.getOrDefault("linkpath", longLink != null ? longLink : text(header, 157, 100));
                    if (pax.containsKey("size")) {
                        throw new OtaRefusal("archive: pax size records are not supported (" + Quoting.quote(path) + ")");
                    }
                    TarEntry.Kind kind = type == '5' || (type != '2' && path.endsWith("/")) ? TarEntry.Kind.DIRECTORY
                            : type == '2' ? TarEntry.Kind.SYMLINK : TarEntry.Kind.FILE;
                    remaining = kind == TarEntry.Kind.FILE ? size : 0;
                    padding = kind == TarEntry.Kind.FILE ? padded(size) - size : 0;
                    if (kind != TarEntry.Kind.FILE) {
                        skip(padded(size));
                    }
                    return new TarEntry(path, kind, (int) octal(header, 100, 8), remaining, kind == TarEntry.Kind.SYMLINK ? link : "");
                }
                default -> throw new OtaRefusal("archive: entry " + Quoting.quote(name) + " is of tar type '" + type
                        + "': a release holds only files, folders and symbolic links");
            }
        }
        return null;
    }

    /** Copies the current file's content to {@code out}. */
    void content(OutputStream out) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        while (remaining > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
            if (n < 0) {
                throw new EOFException("archive ends inside a file");
            }
            out.write(buffer, 0, n);
            remaining -= n;
        }
    }

    private String meta(long size) throws IOException, OtaRefusal {
        if (size > MAX_META) {
            throw new OtaRefusal("archive: a long name or pax header of " + size + " bytes");
        }
        byte[] b = in.readNBytes((int) size);
        if (b.length != size) {
            throw new EOFException("archive ends inside a header");
        }
        skip(padded(size) - size);
        int end = b.length;
        while (end > 0 && b[end - 1] == 0) {
            end--;
        }
        return new String(b, 0, end, StandardCharsets.UTF_8);
    }

    /** pax records: {@code "<length> <key>=<value>\n"}, the length counting the whole record. */
    private static Map<String, String> pax(String text) throws OtaRefusal {
        Map<String, String> out = new HashMap<>();
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        int i = 0;
        while (i < b.length) {
            int space = i;
            while (space < b.length && b[space] != ' ') {
                space++;
            }
            int length;
            try {
                length = Integer.parseInt(new String(b, i, space - i, StandardCharsets.US_ASCII));
            } catch (NumberFormatException e) {
                throw new OtaRefusal("archive: a bad pax record");
            }
            if (length <= space - i + 1 || i + length > b.length || b[i + length - 1] != '\n') {
                throw new OtaRefusal("archive: a bad pax record");
            }
            String record = new String(b, space + 1, i + length - space - 2, StandardCharsets.UTF_8);
            int eq = record.indexOf('=');
            if (eq <= 0) {
                throw new OtaRefusal("archive: a bad pax record");
            }
            out.put(record.substring(0, eq), record.substring(eq + 1));
            i += length;
        }
        return out;
    }

    private byte[] block() throws IOException, OtaRefusal {
        byte[] b = in.readNBytes(BLOCK);
        if (b.length != BLOCK) {
            throw new OtaRefusal("archive: truncated (no end-of-archive blocks)");
        }
        return b;
    }

    private void skip(long n) throws IOException {
        in.skipNBytes(n);
    }

    private static long padded(long size) {
        return (size + BLOCK - 1) / BLOCK * BLOCK;
    }

    private static boolean zero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    private static void checksum(byte[] header) throws OtaRefusal {
        long stored = octal(header, 148, 8);
        byte[] copy = Arrays.copyOf(header, BLOCK);
        Arrays.fill(copy, 148, 156, (byte) ' ');
        long sum = 0;
        for (byte x : copy) {
            sum += x & 0xff;
        }
        if (sum != stored) {
            throw new OtaRefusal("archive: a header with a bad checksum (not a tar archive, or damaged)");
        }
    }

    private static boolean magicUstar(byte[] header) {
        // POSIX ustar ("ustar\0" "00") has a name prefix at 345; GNU's "ustar  " keeps other fields there
        return new String(header, 257, 8, StandardCharsets.ISO_8859_1).equals("ustar\u000000");
    }

    private static String text(byte[] b, int from, int length) {
        int end = from;
        while (end < from + length && b[end] != 0) {
            end++;
        }
        return new String(b, from, end - from, StandardCharsets.UTF_8);
    }

    private static long octal(byte[] b, int from, int length) throws OtaRefusal {
        if ((b[from] & 0x80) != 0) {
            throw new OtaRefusal("archive: a base-256 number in a header (an entry larger than 8 GB?)");
        }
        long value = 0;
        int i = from;
        while (i < from + length && b[i] == ' ') {
            i++;
        }
        for (; i < from + length && b[i] != 0 && b[i] != ' '; i++) {
            if (b[i] < '0' || b[i] > '7') {
                throw new OtaRefusal("archive: a header with a non-octal number (not a tar archive)");
            }
            value = value * 8 + (b[i] - '0');
        }
        return value;
    }
}
