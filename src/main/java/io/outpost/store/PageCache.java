package io.outpost.store;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The committed bytes of some pages of a {@link JournaledVolume}, at most {@link #maxPages()} of them,
 * the least recently used leaving first.
 *
 * <p>Why: MapDB reads its structures a few bytes at a time (its header checksum alone is over 8,000
 * {@code getInt} calls per commit, long stacks are read byte by byte), so a volume that went to the
 * file for each would make one system call per field. Holding whole pages makes it one per page, and
 * none for the pages a commit has just written.
 *
 * <p>Every image here equals the file's bytes as of the last commit; the volume keeps it so (it takes
 * a page out before changing it, puts it back only once the commit is on disk, and empties the cache
 * when a commit fails). Not thread-safe: guarded by the monitor of the volume that owns it.
 */
final class PageCache {

    private final int maxPages;
    private final LinkedHashMap<Long, byte[]> pages;

    PageCache(int maxPages) {
        if (maxPages < 1) {
            throw new IllegalArgumentException("a page cache holds at least one page: " + maxPages);
        }
        this.maxPages = maxPages;
        this.pages = new LinkedHashMap<>(16, 0.75f, true);
    }

    int maxPages() {
        return maxPages;
    }

    int size() {
        return pages.size();
    }

    /** The image of {@code page}, now the most recently used, or null. */
    byte[] get(long page) {
        return pages.get(page);
    }

    /** Takes {@code page} out (it is about to change) and returns its image, or null. */
    byte[] remove(long page) {
        return pages.remove(page);
    }

    /**
     * Holds {@code image} as the committed bytes of {@code page}, letting the least recently used go
     * beyond the bound; returns the image it no longer holds (the one let go, or the one {@code image}
     * replaced), or null, so the caller can reuse its array.
     */
    byte[] put(long page, byte[] image) {
        byte[] replaced = pages.put(page, image);
        if (replaced != null) {
            return replaced == image ? null : replaced;
        }
        if (pages.size() > maxPages) {
            Iterator<Map.Entry<Long, byte[]>> eldest = pages.entrySet().iterator();
            byte[] dropped = eldest.next().getValue();
            eldest.remove();
            return dropped;
        }
        return null;
    }

    /** Forgets every page that does not lie wholly below {@code length} (the file was cut there). */
    void retainBelow(long length) {
        pages.keySet().removeIf(page -> (page + 1) * JournaledVolume.PAGE_SIZE > length);
    }

    void clear() {
        pages.clear();
    }
}
