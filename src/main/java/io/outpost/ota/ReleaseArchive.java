package io.outpost.ota;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Unpacks a release archive ({@code .tar.gz} of the distribution tree) into a fresh folder, refusing
 * any entry that would land outside it: an absolute name, a {@code ..} component, a symbolic link
 * whose target is absolute or leads out of the tree, an entry under a symbolic link, two entries of
 * the same name. Modes keep only the permission bits (no set-uid, set-gid or sticky). Bounded: at most
 * {@code maxBytes} of content and {@link #MAX_ENTRIES} entries. On a refusal the caller deletes the
 * folder; nothing outside it was touched. Stateless.
 */
final class ReleaseArchive {

    static final int MAX_ENTRIES = 20_000;

    private ReleaseArchive() {
    }

    static void unpack(Path archive, Path into, long maxBytes) throws IOException, OtaRefusal {
        Files.createDirectory(into);
        Path root = into.toRealPath();
        long total = 0;
        int entries = 0;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(archive), 64 * 1024)) {
            TarReader tar = new TarReader(in);
            for (TarEntry e = tar.next(); e != null; e = tar.next()) {
                if (++entries > MAX_ENTRIES) {
                    throw new OtaRefusal("archive: more than " + MAX_ENTRIES + " entries");
                }
                Path target = inside(root, e.name());
                noLinkOnTheWay(root, target, e.name());
                switch (e.kind()) {
                    case DIRECTORY -> {
                        if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                            Files.createDirectories(target);
                        }
                        Files.setPosixFilePermissions(target, permissions(e.mode() | 0700));
                    }
                    case SYMLINK -> {
                        link(root, target, e);
                        Files.createDirectories(target.getParent());
                        Files.createSymbolicLink(target, Path.of(e.linkTarget()));
                    }
                    case FILE -> {
                        total += e.size();
                        if (total > maxBytes) {
                            throw new OtaRefusal("archive: unpacks to more than " + maxBytes + " bytes");
                        }
                        Files.createDirectories(target.getParent());
                        try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW)) {
                            tar.content(out);
                        } catch (FileAlreadyExistsException dup) {
                            throw new OtaRefusal("archive: " + Quoting.quote(e.name()) + " twice");
                        }
                        Files.setPosixFilePermissions(target, permissions(e.mode() | 0600));
                    }
                    default -> throw new IllegalStateException(e.kind().toString());
                }
            }
        } catch (ZipException | EOFException e) {
            throw new OtaRefusal("archive: not a complete .tar.gz: " + e.getMessage(), e);
        }
        linksStayInside(root);
    }

    /**
     * Each link was checked by its text when it was made; a link through another link ({@code a/l/..}
     * where {@code a/l -> ..}) can still lead out, so once all are made each is followed for real.
     */
    private static void linksStayInside(Path root) throws IOException, OtaRefusal {
        List<Path> links;
        try (Stream<Path> all = Files.walk(root)) {
            links = all.filter(Files::isSymbolicLink).toList();
        }
        for (Path link : links) {
            Path real;
            try {
                real = link.toRealPath();
            } catch (IOException e) {
                throw new OtaRefusal("archive: symbolic link " + root.relativize(link) + " leads nowhere in the release");
            }
            if (!real.startsWith(root)) {
                throw new OtaRefusal("archive: symbolic link " + root.relativize(link) + " leads out of the release");
            }
        }
    }

    /** Where {@code name} lands, refused if absolute or if any component is {@code ..}. */
    private static Path inside(Path root, String name) throws OtaRefusal {
        if (name.isEmpty() || name.startsWith("/") || name.indexOf('\0') >= 0) {
            throw new OtaRefusal("archive: absolute or empty path " + Quoting.quote(name) + " refused");
        }
        for (String part : name.split("/")) {
            if (part.equals("..")) {
                throw new OtaRefusal("archive: path " + Quoting.quote(name) + " with .. refused");
            }
        }
        Path target = root.resolve(name).normalize();
        if (!target.startsWith(root)) {
            throw new OtaRefusal("archive: path " + Quoting.quote(name) + " leaves the release");
        }
        return target;
    }

    /** An entry under a symbolic link would be written where the link points: never. */
    private static void noLinkOnTheWay(Path root, Path target, String name) throws OtaRefusal {
        for (Path p = target.getParent(); p != null && p.startsWith(root) && !p.equals(root); p = p.getParent()) {
            if (Files.isSymbolicLink(p)) {
                throw new OtaRefusal("archive: " + Quoting.quote(name) + " lies under the symbolic link " + root.relativize(p));
            }
        }
        if (Files.isSymbolicLink(target)) {
            throw new OtaRefusal("archive: " + Quoting.quote(name) + " twice");
        }
    }

    private static void link(Path root, Path target, TarEntry e) throws OtaRefusal {
        String to = e.linkTarget();
        if (to.isEmpty() || to.startsWith("/")) {
            throw new OtaRefusal("archive: symbolic link " + Quoting.quote(e.name()) + " -> " + Quoting.quote(to)
                    + " refused: absolute or empty target");
        }
        Path resolved = target.getParent().resolve(to).normalize();
        if (!resolved.startsWith(root)) {
            throw new OtaRefusal("archive: symbolic link " + Quoting.quote(e.name()) + " -> " + Quoting.quote(to)
                    + " refused: it leads out of the release");
        }
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] bits = PosixFilePermission.values(); // OWNER_READ … OTHERS_EXECUTE, high bit first
        for (int i = 0; i < bits.length; i++) {
            if ((mode & (1 << (8 - i))) != 0) {
                set.add(bits[i]);
            }
        }
        return set;
    }
}
