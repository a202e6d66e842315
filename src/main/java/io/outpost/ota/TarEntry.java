package io.outpost.ota;

/** One member of a tar archive as {@link TarReader} reads it: its path as written, kind, mode, size, link target. */
record TarEntry(String name, Kind kind, int mode, long size, String linkTarget) {

    enum Kind { FILE, DIRECTORY, SYMLINK }
}
