package io.outpost.store;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32C;
import org.mapdb.DBException;
import org.mapdb.DataInput2;
import org.mapdb.volume.Volume;

/**
 * A MapDB {@link Volume} over one file whose {@link #sync()} is an atomic, durable commit.
 *
 * <p>Why: MapDB 3.1.0 writes a write-ahead log in transaction mode but never replays it on open, so a
 * process killed while a commit copies its pages into the store file leaves a torn file (measured:
 * silent wrong payloads and unopenable files within a few dozen {@code kill -9}s). This volume keeps
 * every write since the last sync in memory, page by page. {@code sync()} first makes sure the file
 * can grow to its new length (so a full disk fails before anything is promised), then writes all
 * dirty pages to a redo journal with a CRC and fsyncs it (the commit point), then copies them into the
 * file and fsyncs it. Opening replays a complete journal and ignores a torn one, so the file is always
 * the state of the last commit whose journal reached the disk.
 *
 * <p>A journal left behind after its pages were copied is harmless: replaying it onto the same state
 * changes nothing, and the next commit's journal replaces it before that commit touches the file.
 *
 * <p>Reads go through whole pages: a small read (MapDB reads its header, index and long stacks a field
 * at a time) is served from the dirty page or from a {@link PageCache} of committed pages, and a miss
 * reads the whole page once. The pages a commit wrote become its cached pages, so nothing the writer
 * just wrote is read back. A read of a page or more (a payload) goes to the file in one call per run
 * of clean pages and is not cached, so sending a backlog does not push out the pages every commit
 * touches. Only reads use the cache: what reaches the journal and the file is byte for byte what it
 * was without it.
 *
 * <p>Not thread-safe by design beyond what MapDB asks: all methods are synchronized, and the store
 * only touches a volume while holding its own lock.
 */
final class JournaledVolume extends Volume {

    private static final int PAGE_SHIFT = 12;
    static final int PAGE_SIZE = 1 << PAGE_SHIFT;
    /** The file grows in steps like MapDB's own file volume, so its length changes rarely. */
    static final long GROW_STEP = 1L << 20;

    private static final long MAGIC = 0x4f50_4a52_4e4c_3031L; // "OPJRNL01"
    private static final int HEADER_BYTES = 8 + 8 + 4 + 4;
    private static final int PAGE_RECORD_BYTES = 8 + PAGE_SIZE;
    private static final int TRAILER_BYTES = 4 + 8;
    private static final int IO_CHUNK = 256 * 1024;
    /**
     * Committed pages kept for reads: 1 MB. What every commit touches is far less (the MapDB header is
     * 9 pages, then the index, long-stack, segment and data-tail pages of the records of one round:
     * a few dozen at 10,000 samples/s), and 1 MB is small beside a gateway's 64 MB heap.
     */
    static final int DEFAULT_CACHE_PAGES = 256;
    /**
     * Page arrays kept for reuse once nothing refers to them (payload pages after their commit, pages
     * the cache let go): 256 KB. A commit at 10,000 samples/s makes about a hundred pages dirty, most of
     * them new payload pages; without reuse that was 15 MB/s of garbage, most of the gateway's.
     */
    static final int SPARE_PAGES = 64;

    private final Path path;
    private final FileChannel file;
    private final FileLock lock;
    private final FileChannel journal;
    private final Map<Long, byte[]> dirty = new HashMap<>();
    /** Dirty pages whose first write covered them whole: new payload bytes, not worth caching after the commit. */
    private final Set<Long> writtenWhole = new HashSet<>();
    private final PageCache clean;
    private final ArrayDeque<byte[]> spare = new ArrayDeque<>();
    /** The journal's and the file copy's write buffer, made at the first commit and kept for the next. */
    private ByteBuffer ioBuffer;
    private long committedLength;
    private long length;
    /**
     * The page {@link #image} gave last and its array, or -1: MapDB's header checksum reads 8,200 ints
     * in a row from nine pages at every commit, and this spares each of those reads its map lookups.
     * Forgotten whenever an array may stop being that page's image (recycled, the cache emptied, the
     * file cut, closed).
     */
    private long lastPage = -1;
    private byte[] lastImage;

    private JournaledVolume(Path path, FileChannel file, FileLock lock, FileChannel journal, int cachePages)
            throws IOException {
        this.path = path;
        this.clean = new PageCache(cachePages);
        this.file = file;
        this.lock = lock;
        this.journal = journal;
        this.committedLength = file.size();
        this.length = committedLength;
    }

    /**
     * Opens (creating if absent) {@code path}, locked against other processes, and replays
     * {@code journalPath} if it holds a complete commit.
     *
     * @throws StoreInUseException when another process (or another store in this JVM) holds the file
     */
    static JournaledVolume open(Path path, Path journalPath) throws IOException {
        return open(path, journalPath, DEFAULT_CACHE_PAGES);
    }

    /** As {@link #open(Path, Path)}, keeping at most {@code cachePages} committed pages for reads. */
    static JournaledVolume open(Path path, Path journalPath, int cachePages) throws IOException {
        FileChannel file = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = file.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        } catch (IOException | RuntimeException e) {
            file.close();
            throw e;
        }
        if (lock == null) {
            file.close();
            throw new StoreInUseException("store file is in use by another process: " + path);
        }
        FileChannel journal = null;
        try {
            journal = FileChannel.open(journalPath, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            // the files may be new: their names must outlive a power loss like their content
            StoreFiles.syncDirectory(path.toAbsolutePath().getParent());
            replayJournal(journal, file);
            return new JournaledVolume(path, file, lock, journal, cachePages);
        } catch (IOException | RuntimeException e) {
            if (journal != null) {
                journal.close();
            }
            file.close();
            throw e;
        }
    }

    /** Bytes of the file as of the last commit. */
    synchronized long committedLength() {
        return committedLength;
    }

    /** Committed pages held for reads at the moment. */
    synchronized int cachedPages() {
        return clean.size();
    }

    /** True when there are writes that the next {@link #sync()} would commit. */
    synchronized boolean hasUncommittedWrites() {
        return !dirty.isEmpty() || length != committedLength;
    }

    /** A commit that failed before its commit point: none of it can show up after a restart. */
    static final class NotCommittedException extends DBException.VolumeIOError {
        NotCommittedException(IOException cause) {
            super(cause);
        }
    }

    @Override
    public synchronized void sync() {
        if (!hasUncommittedWrites()) {
            return;
        }
        long[] pages = dirtyPagesInOrder();
        try {
            reserveFileSpace();
            writeJournal(pages, false);
        } catch (IOException e) {
            clean.clear(); // whether the file is as cached is no longer certain; the cache never guesses
            forgetLastPage();
            throw new NotCommittedException(e);
        }
        try {
            journal.force(false);
            applyToFile(pages);
        } catch (IOException e) {
            clean.clear();
            forgetLastPage();
            throw new DBException.VolumeIOError(e);
        }
    }

    /**
     * The commit up to its commit point: space reserved, journal written and synced, file untouched.
     * {@link #sync()} is this plus copying the pages; split so a test can stop exactly at the point a
     * crash would.
     */
    synchronized void writeJournalOnly() throws IOException {
        reserveFileSpace();
        writeJournal(dirtyPagesInOrder(), true);
    }

    private long[] dirtyPagesInOrder() {
        long[] pages = new long[dirty.size()];
        int i = 0;
        for (long page : dirty.keySet()) {
            pages[i++] = page;
        }
        Arrays.sort(pages);
        return pages;
    }

    /**
     * Grows the file with real zero bytes (not a sparse hole) before the journal is written, so that
     * "no space left" fails the commit while nothing is promised yet, and copying the journaled pages
     * later never needs new disk blocks.
     */
    private void reserveFileSpace() throws IOException {
        long size = file.size();
        if (length <= size) {
            return;
        }
        try {
            ByteBuffer zeros = ByteBuffer.allocate((int) Math.min(IO_CHUNK, length - size));
            for (long pos = size; pos < length; ) {
                zeros.clear();
                zeros.limit((int) Math.min(zeros.capacity(), length - pos));
                pos += writeFully(file, zeros, pos);
            }
            file.force(true);
        } catch (IOException e) {
            file.truncate(size);
            throw e;
        }
    }

    private void writeJournal(long[] pages, boolean force) throws IOException {
        CRC32C crc = new CRC32C();
        ByteBuffer out = ioBuffer();
        long pos = 0;
        out.putLong(MAGIC).putLong(length).putInt(pages.length).putInt(PAGE_SIZE);
        for (long page : pages) {
            if (out.remaining() < PAGE_RECORD_BYTES) {
                pos += flushChunk(out, crc, pos);
            }
            out.putLong(page).put(dirty.get(page));
        }
        if (out.remaining() < TRAILER_BYTES) {
            pos += flushChunk(out, crc, pos);
        }
        crc.update(out.array(), 0, out.position());
        out.putInt((int) crc.getValue()).putLong(MAGIC);
        out.flip();
        writeFully(journal, out, pos);
        if (force) {
            journal.force(false);
        }
    }

    private long flushChunk(ByteBuffer out, CRC32C crc, long pos) throws IOException {
        crc.update(out.array(), 0, out.position());
        out.flip();
        int written = writeFully(journal, out, pos);
        out.clear();
        return written;
    }

    private void applyToFile(long[] pages) throws IOException {
        ByteBuffer run = ioBuffer();
        int i = 0;
        while (i < pages.length) {
            long first = pages[i];
            run.clear();
            while (i < pages.length && pages[i] == first + run.position() / PAGE_SIZE && run.remaining() >= PAGE_SIZE) {
                run.put(dirty.get(pages[i]));
                i++;
            }
            run.flip();
            writeFully(file, run, first * PAGE_SIZE);
        }
        boolean resized = file.size() != length;
        if (file.size() > length) {
            file.truncate(length);
        }
        file.force(resized);
        invalidateJournal();
        keepCommittedPages(pages);
        committedLength = length;
    }

    /**
     * The pages just written are now the committed ones: they become cached pages instead of being read
     * again, except new payload pages, whose arrays (like those the cache lets go) are kept for reuse.
     */
    private void keepCommittedPages(long[] pages) {
        forgetLastPage();
        clean.retainBelow(length);
        for (long page : pages) {
            byte[] image = dirty.get(page);
            if (!writtenWhole.contains(page) && (page + 1) * PAGE_SIZE <= length) {
                recycle(clean.put(page, image));
            } else {
                recycle(image);
            }
        }
        dirty.clear();
        writtenWhole.clear();
    }

    /** An array for a page image: a spare one (its old bytes are all overwritten by the caller) or a new one. */
    private byte[] newPage() {
        byte[] page = spare.poll();
        return page != null ? page : new byte[PAGE_SIZE];
    }

    /** Keeps {@code page} (null: nothing) for {@link #newPage()}; only for an array nothing refers to any more. */
    private void recycle(byte[] page) {
        if (page == lastImage) {
            forgetLastPage();
        }
        if (page != null && spare.size() < SPARE_PAGES) {
            spare.push(page);
        }
    }

    private ByteBuffer ioBuffer() {
        if (ioBuffer == null) {
            ioBuffer = ByteBuffer.allocate(IO_CHUNK);
        }
        return ioBuffer.clear();
    }

    /** Overwrites the journal's magic; its blocks stay allocated so a later commit does not need new space. */
    private void invalidateJournal() throws IOException {
        writeFully(journal, ByteBuffer.allocate(8), 0);
    }

    private static void replayJournal(FileChannel journal, FileChannel file) throws IOException {
        long size = journal.size();
        JournalHeader header = validJournal(journal, size);
        if (header != null) {
            ByteBuffer record = ByteBuffer.allocate(PAGE_RECORD_BYTES);
            long pos = HEADER_BYTES;
            for (int i = 0; i < header.pageCount(); i++, pos += PAGE_RECORD_BYTES) {
                record.clear();
                readFully(journal, record, pos);
                record.flip();
                long page = record.getLong();
                writeFully(file, record, page * PAGE_SIZE);
            }
            if (file.size() > header.length()) {
                file.truncate(header.length());
            } else if (file.size() < header.length()) {
                writeFully(file, ByteBuffer.allocate(1), header.length() - 1);
            }
            file.force(true);
        }
        if (size > 0) {
            journal.truncate(0);
            journal.force(true);
        }
    }

    private record JournalHeader(long length, int pageCount) {
    }

    /** The header of a complete, uncorrupted journal, or null when it is empty, invalidated or torn. */
    private static JournalHeader validJournal(FileChannel journal, long size) throws IOException {
        if (size < HEADER_BYTES + TRAILER_BYTES) {
            return null;
        }
        ByteBuffer head = ByteBuffer.allocate(HEADER_BYTES);
        readFully(journal, head, 0);
        head.flip();
        long magic = head.getLong();
        long length = head.getLong();
        int pageCount = head.getInt();
        int pageSize = head.getInt();
        long expected = HEADER_BYTES + (long) pageCount * PAGE_RECORD_BYTES + TRAILER_BYTES;
        if (magic != MAGIC || pageSize != PAGE_SIZE || pageCount < 0 || length < 0 || expected > size) {
            return null;
        }
        CRC32C crc = new CRC32C();
        ByteBuffer chunk = ByteBuffer.allocate(IO_CHUNK);
        long covered = expected - TRAILER_BYTES;
        for (long pos = 0; pos < covered; ) {
            chunk.clear();
            chunk.limit((int) Math.min(chunk.capacity(), covered - pos));
            readFully(journal, chunk, pos);
            crc.update(chunk.array(), 0, chunk.limit());
            pos += chunk.limit();
        }
        ByteBuffer trailer = ByteBuffer.allocate(TRAILER_BYTES);
        readFully(journal, trailer, covered);
        trailer.flip();
        if (trailer.getInt() != (int) crc.getValue() || trailer.getLong() != MAGIC) {
            return null;
        }
        return new JournalHeader(length, pageCount);
    }

    private static int writeFully(FileChannel channel, ByteBuffer buf, long pos) throws IOException {
        int total = 0;
        while (buf.hasRemaining()) {
            total += channel.write(buf, pos + total);
        }
        return total;
    }

    private static void readFully(FileChannel channel, ByteBuffer buf, long pos) throws IOException {
        long at = pos;
        while (buf.hasRemaining()) {
            int n = channel.read(buf, at);
            if (n < 0) {
                throw new java.io.EOFException("end of file at " + at);
            }
            at += n;
        }
    }

    // ---- reads and writes through the page overlay ----

    private void read(long pos, byte[] dst, int off, int len) {
        if (pos < 0 || pos + len > length) {
            throw new DBException.VolumeEOF("read beyond end of store file: offset " + pos + " length " + len
                    + " file " + length);
        }
        if (len < PAGE_SIZE) {
            readThroughPages(pos, dst, off, len);
        } else {
            readThroughFile(pos, dst, off, len);
        }
    }

    /** A small read: from the pages' current images, each read whole into the cache on a miss. */
    private void readThroughPages(long pos, byte[] dst, int off, int len) {
        while (len > 0) {
            long page = pos / PAGE_SIZE;
            int inPage = (int) (pos % PAGE_SIZE);
            int n = Math.min(len, PAGE_SIZE - inPage);
            byte[] image = image(page);
            if (image != null) {
                System.arraycopy(image, inPage, dst, off, n);
            } else {
                readCommitted(pos, dst, off, n);
            }
            pos += n;
            off += n;
            len -= n;
        }
    }

    /**
     * The current bytes of {@code page}: its dirty image, else its committed image (read whole into the
     * cache if it is not there); null when the page is not wholly in the committed file.
     */
    private byte[] image(long page) {
        byte[] image = dirty.get(page);
        if (image == null) {
            image = clean.get(page);
        }
        if (image == null && (page + 1) * PAGE_SIZE <= committedLength) {
            image = newPage();
            readCommitted(page * PAGE_SIZE, image, 0, PAGE_SIZE);
            recycle(clean.put(page, image));
        }
        if (image != null) {
            lastPage = page;
            lastImage = image;
        }
        return image;
    }

    private void forgetLastPage() {
        lastPage = -1;
        lastImage = null;
    }

    /**
     * The image of the page holding {@code [offset, offset + size)} when that range lies in one page
     * inside the volume, else null (the caller takes the general path, which also reports a bad offset).
     */
    private byte[] pageHolding(long offset, int size) {
        if (offset < 0 || offset + size > length || (int) (offset % PAGE_SIZE) > PAGE_SIZE - size) {
            return null;
        }
        return image(offset / PAGE_SIZE);
    }

    /** A large read (a payload): dirty pages from memory, each run of clean pages in one file read, nothing cached. */
    private void readThroughFile(long pos, byte[] dst, int off, int len) {
        while (len > 0) {
            long page = pos / PAGE_SIZE;
            int inPage = (int) (pos % PAGE_SIZE);
            byte[] image = dirty.get(page);
            int n = Math.min(len, PAGE_SIZE - inPage);
            if (image != null) {
                System.arraycopy(image, inPage, dst, off, n);
            } else {
                // one file read for a run of clean pages
                for (long next = page + 1; n < len && !dirty.containsKey(next); next++) {
                    n = Math.min(len, n + PAGE_SIZE);
                }
                readCommitted(pos, dst, off, n);
            }
            pos += n;
            off += n;
            len -= n;
        }
    }

    /** Reads committed bytes; the part beyond the committed file (grown but not yet written) reads as zeros. */
    private void readCommitted(long pos, byte[] dst, int off, int len) {
        int fromFile = (int) Math.max(0, Math.min(len, committedLength - pos));
        if (fromFile > 0) {
            try {
                readFully(file, ByteBuffer.wrap(dst, off, fromFile), pos);
            } catch (IOException e) {
                throw new DBException.VolumeIOError(e);
            }
        }
        Arrays.fill(dst, off + fromFile, off + len, (byte) 0);
    }

    private void write(long pos, byte[] src, int off, int len) {
        if (pos + len > length) {
            length = pos + len;
        }
        while (len > 0) {
            long page = pos / PAGE_SIZE;
            int inPage = (int) (pos % PAGE_SIZE);
            int n = Math.min(len, PAGE_SIZE - inPage);
            System.arraycopy(src, off, pageForWrite(page, n == PAGE_SIZE), inPage, n);
            pos += n;
            off += n;
            len -= n;
        }
    }

    /**
     * The dirty image of {@code page}, made on its first write in this commit from its cached image, or
     * from the file, or (when the write covers it whole, so its old bytes do not matter) from nothing.
     */
    private byte[] pageForWrite(long page, boolean whole) {
        byte[] image = dirty.get(page);
        if (image == null) {
            image = clean.remove(page);
            if (image == null) {
                image = newPage();
                if (whole) {
                    writtenWhole.add(page);
                } else {
                    readCommitted(page * PAGE_SIZE, image, 0, PAGE_SIZE);
                }
            }
            dirty.put(page, image);
        }
        return image;
    }

    // ---- Volume ----

    @Override
    public synchronized void ensureAvailable(long offset) {
        long grown = (offset + GROW_STEP - 1) / GROW_STEP * GROW_STEP;
        if (grown > length) {
            length = grown;
        }
    }

    @Override
    public synchronized void truncate(long size) {
        forgetLastPage();
        length = size;
        dirty.keySet().removeIf(page -> page * PAGE_SIZE >= size);
        writtenWhole.removeIf(page -> page * PAGE_SIZE >= size);
    }

    @Override
    public synchronized void putLong(long offset, long value) {
        putBigEndian(offset, value, 8);
    }

    @Override
    public synchronized void putInt(long offset, int value) {
        putBigEndian(offset, value, 4);
    }

    /** Writes the low {@code size} bytes of {@code value}, most significant first (MapDB's order). */
    private void putBigEndian(long offset, long value, int size) {
        byte[] bytes = new byte[size];
        for (int i = size - 1; i >= 0; i--, value >>>= 8) {
            bytes[i] = (byte) value;
        }
        write(offset, bytes, 0, size);
    }

    @Override
    public synchronized void putByte(long offset, byte value) {
        write(offset, new byte[] {value}, 0, 1);
    }

    @Override
    public synchronized void putData(long offset, byte[] src, int srcPos, int srcSize) {
        write(offset, src, srcPos, srcSize);
    }

    @Override
    public synchronized void putData(long offset, ByteBuffer buf) {
        byte[] bytes = new byte[buf.remaining()];
        buf.get(bytes);
        write(offset, bytes, 0, bytes.length);
    }

    @Override
    public synchronized long getLong(long offset) {
        return getBigEndian(offset, 8);
    }

    /** The header checksum's read: from the page read last when the int lies in it, else as any field. */
    @Override
    public synchronized int getInt(long offset) {
        int at = (int) (offset & (PAGE_SIZE - 1));
        byte[] image = lastImage;
        if (offset >>> PAGE_SHIFT == lastPage && at <= PAGE_SIZE - 4 && offset + 4 <= length) {
            return image[at] << 24 | (image[at + 1] & 0xff) << 16 | (image[at + 2] & 0xff) << 8 | image[at + 3] & 0xff;
        }
        return (int) getBigEndian(offset, 4);
    }

    @Override
    public synchronized byte getByte(long offset) {
        return (byte) getBigEndian(offset, 1);
    }

    /**
     * Reads {@code size} bytes as a big-endian number. MapDB calls this thousands of times per commit, so
     * a field inside one page is read straight from the page image, with no copy.
     */
    private long getBigEndian(long offset, int size) {
        byte[] image = pageHolding(offset, size);
        int at = (int) (offset % PAGE_SIZE);
        if (image == null) {
            image = new byte[size];
            read(offset, image, 0, size);
            at = 0;
        }
        long value = 0;
        for (int i = 0; i < size; i++) {
            value = value << 8 | (image[at + i] & 0xff);
        }
        return value;
    }

    @Override
    public synchronized DataInput2 getDataInput(long offset, int size) {
        byte[] b = new byte[size];
        read(offset, b, 0, size);
        return new DataInput2.ByteArray(b);
    }

    @Override
    public synchronized void getData(long offset, byte[] bytes, int bytesPos, int size) {
        read(offset, bytes, bytesPos, size);
    }

    @Override
    public synchronized void clear(long startOffset, long endOffset) {
        byte[] zeros = new byte[(int) Math.min(IO_CHUNK, Math.max(0, endOffset - startOffset))];
        for (long pos = startOffset; pos < endOffset; pos += zeros.length) {
            write(pos, zeros, 0, (int) Math.min(zeros.length, endOffset - pos));
        }
    }

    /** Closes without committing: writes since the last {@link #sync()} are discarded, as after a crash. */
    @Override
    public synchronized void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        dirty.clear();
        writtenWhole.clear();
        clean.clear();
        spare.clear();
        forgetLastPage();
        ioBuffer = null;
        try {
            try {
                journal.close();
            } finally {
                try {
                    lock.release();
                } finally {
                    file.close();
                }
            }
        } catch (IOException e) {
            throw new DBException.VolumeIOError(e);
        }
    }

    @Override
    public int sliceSize() {
        return -1;
    }

    @Override
    public boolean isSliced() {
        return false;
    }

    @Override
    public synchronized long length() {
        return length;
    }

    @Override
    public boolean isReadOnly() {
        return false;
    }

    @Override
    public File getFile() {
        return path.toFile();
    }

    @Override
    public boolean getFileLocked() {
        return true;
    }
}
