package io.outpost.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Looks at the files a config points at, on this machine. Never an error: a config may well be
 * validated on a laptop before it goes to the gateway where the files are.
 */
final class FileWarnings {

    private FileWarnings() {
    }

    static List<ConfigProblem> check(ReadContext ctx) {
        List<ConfigProblem> warnings = new ArrayList<>();
        for (ReadContext.FileReference ref : ctx.fileReferences()) {
            warning(ref).ifPresent(message ->
                    warnings.add(ctx.at(ref.node().getStartMark(), ref.keyPath(), message)));
        }
        return warnings;
    }

    private static Optional<String> warning(ReadContext.FileReference ref) {
        if (!Files.exists(ref.path())) {
            return Optional.of("no file " + ref.path() + " on this machine");
        }
        if (Files.isDirectory(ref.path())) {
            return Optional.of(ref.path() + " is a folder, not a file");
        }
        if (!ref.secret()) {
            return Optional.empty();
        }
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(ref.path());
            if (permissions.contains(PosixFilePermission.GROUP_READ) || permissions.contains(PosixFilePermission.OTHERS_READ)) {
                return Optional.of(ref.path() + " holds a secret but is readable by "
                        + (permissions.contains(PosixFilePermission.OTHERS_READ) ? "everyone" : "its group")
                        + " (" + PosixFilePermissions.toString(permissions) + "); run: chmod 600 " + ref.path());
            }
            return Optional.empty();
        } catch (UnsupportedOperationException e) {
            return Optional.empty(); // no POSIX permissions on this file system: nothing to judge
        } catch (IOException e) {
            return Optional.of("cannot check who may read " + ref.path() + ": " + e.getMessage());
        }
    }
}
