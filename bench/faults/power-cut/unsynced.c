/*
 * LD_PRELOAD fault layer for bench/faults/power-cut.sh: remembers, per file under POWERCUT_DIR, what
 * every write since the file's last fsync/fdatasync overwrote, in an undo log under POWERCUT_LOG.
 * After the process is killed, undo.py puts back those bytes and the size at the last sync: the file
 * is then what a disk that lost its unsynced page cache would hold (data of files only: a rename or a
 * new file whose directory was not synced is kept, which a real power cut may not do).
 *
 * The writes it sees are the ones a JVM's FileChannel and RandomAccessFile make: write, pwrite(64),
 * writev, ftruncate(64); stores through a writable mmap are not seen (the gateway's store uses none).
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

#define MAX_FD 65536

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static char *tracked[MAX_FD];
static const char *dir_prefix;
static const char *log_dir;

static int (*real_open)(const char *, int, ...);
static int (*real_open64)(const char *, int, ...);
static int (*real_openat)(int, const char *, int, ...);
static int (*real_openat64)(int, const char *, int, ...);
static int (*real_close)(int);
static ssize_t (*real_write)(int, const void *, size_t);
static ssize_t (*real_pwrite)(int, const void *, size_t, off_t);
static ssize_t (*real_pwrite64)(int, const void *, size_t, off64_t);
static ssize_t (*real_writev)(int, const struct iovec *, int);
static int (*real_ftruncate)(int, off_t);
static int (*real_ftruncate64)(int, off64_t);
static int (*real_fsync)(int);
static int (*real_fdatasync)(int);
static int (*real_rename)(const char *, const char *);
static int (*real_renameat)(int, const char *, int, const char *);

__attribute__((constructor)) static void init(void) {
    dir_prefix = getenv("POWERCUT_DIR");
    log_dir = getenv("POWERCUT_LOG");
    real_open = dlsym(RTLD_NEXT, "open");
    real_open64 = dlsym(RTLD_NEXT, "open64");
    real_openat = dlsym(RTLD_NEXT, "openat");
    real_openat64 = dlsym(RTLD_NEXT, "openat64");
    real_close = dlsym(RTLD_NEXT, "close");
    real_write = dlsym(RTLD_NEXT, "write");
    real_pwrite = dlsym(RTLD_NEXT, "pwrite");
    real_pwrite64 = dlsym(RTLD_NEXT, "pwrite64");
    real_writev = dlsym(RTLD_NEXT, "writev");
    real_ftruncate = dlsym(RTLD_NEXT, "ftruncate");
    real_ftruncate64 = dlsym(RTLD_NEXT, "ftruncate64");
    real_fsync = dlsym(RTLD_NEXT, "fsync");
    real_fdatasync = dlsym(RTLD_NEXT, "fdatasync");
    real_rename = dlsym(RTLD_NEXT, "rename");
    real_renameat = dlsym(RTLD_NEXT, "renameat");
}

static int under_dir(const char *path) {
    return dir_prefix && log_dir && path && strncmp(path, dir_prefix, strlen(dir_prefix)) == 0;
}

/* The undo log of a file: its absolute path with '/' as '%'. */
static void log_path(const char *path, char *out) {
    size_t n = (size_t) snprintf(out, PATH_MAX, "%s/", log_dir);
    for (const char *p = path; *p && n < PATH_MAX - 1; p++) {
        out[n++] = *p == '/' ? '%' : *p;
    }
    out[n] = 0;
}

static void track(int fd, const char *path) {
    if (fd < 0 || fd >= MAX_FD || !under_dir(path)) {
        return;
    }
    char resolved[PATH_MAX];
    if (!realpath(path, resolved)) {
        return;
    }
    pthread_mutex_lock(&lock);
    free(tracked[fd]);
    tracked[fd] = strdup(resolved);
    pthread_mutex_unlock(&lock);
}

/*
 * Before a write of len bytes at off to fd: appends to its undo log the bytes there now. A log that
 * is empty starts with the file's size (the size at its last sync).
 * Record: int64 offset, int64 length, the bytes. Caller holds the lock.
 */
static void remember(int fd, off_t off, size_t len) {
    char lp[PATH_MAX];
    log_path(tracked[fd], lp);
    int log = real_open(lp, O_WRONLY | O_CREAT | O_APPEND, 0600);
    if (log < 0) {
        return;
    }
    struct stat st;
    if (fstat(fd, &st) != 0) {
        real_close(log);
        return;
    }
    struct stat lst;
    if (fstat(log, &lst) == 0 && lst.st_size == 0) {
        int64_t size = st.st_size;
        real_write(log, &size, sizeof size);
    }
    int64_t have = off >= st.st_size ? 0 : (int64_t) (st.st_size - off < (off_t) len ? st.st_size - off : (off_t) len);
    char *old = have > 0 ? malloc((size_t) have) : NULL;
    ssize_t got = 0;
    if (have > 0) {
        /* fd may be open for writing only: read through a descriptor of our own */
        int reader = real_open(tracked[fd], O_RDONLY);
        got = reader < 0 ? -1 : pread(reader, old, (size_t) have, off);
        if (reader >= 0) {
            real_close(reader);
        }
        if (got < 0) {
            got = 0;
        }
    }
    int64_t header[2] = {off, (int64_t) got};
    real_write(log, header, sizeof header);
    if (got > 0) {
        real_write(log, old, (size_t) got);
    }
    free(old);
    real_close(log);
}

static void synced(int fd) {
    char lp[PATH_MAX];
    log_path(tracked[fd], lp);
    truncate(lp, 0);
}

#define OPEN_MODE(flags, mode)                                   \
    mode_t mode = 0;                                             \
    if ((flags) & (O_CREAT | O_TMPFILE)) {                       \
        va_list ap;                                              \
        va_start(ap, flags);                                     \
        mode = va_arg(ap, mode_t);                               \
        va_end(ap);                                              \
    }

int open(const char *path, int flags, ...) {
    OPEN_MODE(flags, mode);
    int fd = real_open(path, flags, mode);
    track(fd, path);
    return fd;
}

int open64(const char *path, int flags, ...) {
    OPEN_MODE(flags, mode);
    int fd = real_open64(path, flags, mode);
    track(fd, path);
    return fd;
}

int openat(int dirfd, const char *path, int flags, ...) {
    OPEN_MODE(flags, mode);
    int fd = real_openat(dirfd, path, flags, mode);
    if (path && path[0] == '/') {
        track(fd, path);
    }
    return fd;
}

int openat64(int dirfd, const char *path, int flags, ...) {
    OPEN_MODE(flags, mode);
    int fd = real_openat64(dirfd, path, flags, mode);
    if (path && path[0] == '/') {
        track(fd, path);
    }
    return fd;
}

int close(int fd) {
    if (fd >= 0 && fd < MAX_FD) {
        pthread_mutex_lock(&lock);
        free(tracked[fd]);
        tracked[fd] = NULL;
        pthread_mutex_unlock(&lock);
    }
    return real_close(fd);
}

static int is_tracked(int fd) {
    return fd >= 0 && fd < MAX_FD && tracked[fd];
}

ssize_t write(int fd, const void *buf, size_t len) {
    if (!is_tracked(fd)) {
        return real_write(fd, buf, len);
    }
    pthread_mutex_lock(&lock);
    if (tracked[fd]) {
        int append = fcntl(fd, F_GETFL) & O_APPEND;
        off_t off = append ? lseek(fd, 0, SEEK_END) : lseek(fd, 0, SEEK_CUR);
        remember(fd, off, len);
    }
    ssize_t n = real_write(fd, buf, len);
    pthread_mutex_unlock(&lock);
    return n;
}

ssize_t pwrite(int fd, const void *buf, size_t len, off_t off) {
    if (!is_tracked(fd)) {
        return real_pwrite(fd, buf, len, off);
    }
    pthread_mutex_lock(&lock);
    if (tracked[fd]) {
        remember(fd, off, len);
    }
    ssize_t n = real_pwrite(fd, buf, len, off);
    pthread_mutex_unlock(&lock);
    return n;
}

ssize_t pwrite64(int fd, const void *buf, size_t len, off64_t off) {
    if (!is_tracked(fd)) {
        return real_pwrite64(fd, buf, len, off);
    }
    pthread_mutex_lock(&lock);
    if (tracked[fd]) {
        remember(fd, (off_t) off, len);
    }
    ssize_t n = real_pwrite64(fd, buf, len, off);
    pthread_mutex_unlock(&lock);
    return n;
}

ssize_t writev(int fd, const struct iovec *iov, int count) {
    if (!is_tracked(fd)) {
        return real_writev(fd, iov, count);
    }
    pthread_mutex_lock(&lock);
    if (tracked[fd]) {
        size_t len = 0;
        for (int i = 0; i < count; i++) {
            len += iov[i].iov_len;
        }
        int append = fcntl(fd, F_GETFL) & O_APPEND;
        remember(fd, append ? lseek(fd, 0, SEEK_END) : lseek(fd, 0, SEEK_CUR), len);
    }
    ssize_t n = real_writev(fd, iov, count);
    pthread_mutex_unlock(&lock);
    return n;
}

/* A truncation: the bytes it cuts off are remembered as if overwritten. */
static void remember_truncate(int fd, off_t length) {
    struct stat st;
    if (fstat(fd, &st) == 0 && length < st.st_size) {
        remember(fd, length, (size_t) (st.st_size - length));
    } else {
        remember(fd, st.st_size, 0);
    }
}

int ftruncate(int fd, off_t length) {
    if (!is_tracked(fd)) {
        return real_ftruncate(fd, length);
    }
    pthread_mutex_lock(&lock);
    if (tracked[fd]) {
        remember_truncate(fd, length);
    }
    int r = real_ftruncate(fd, length);
    pthread_mutex_unlock(&lock);
    return r;
}

int ftruncate64(int fd, off64_t length) {
    if (!is_tracked(fd)) {
        return real_ftruncate64(fd, length);
    }
    pthread_mutex_lock(&lock);
    if (tracked[fd]) {
        remember_truncate(fd, (off_t) length);
    }
    int r = real_ftruncate64(fd, length);
    pthread_mutex_unlock(&lock);
    return r;
}

/* After a sync that worked: what the file holds now survives a power cut. */
static int after_sync(int fd, int r) {
    if (r == 0 && is_tracked(fd)) {
        pthread_mutex_lock(&lock);
        if (tracked[fd]) {
            synced(fd);
        }
        pthread_mutex_unlock(&lock);
    }
    return r;
}

int fsync(int fd) {
    return after_sync(fd, real_fsync(fd));
}

int fdatasync(int fd) {
    return after_sync(fd, real_fdatasync(fd));
}

/* The undo log follows the file to its new name (and replaces the one of the file it replaces). */
static void moved(const char *from, const char *to) {
    if (!under_dir(from) && !under_dir(to)) {
        return;
    }
    char rf[PATH_MAX], rt[PATH_MAX], lf[PATH_MAX], lt[PATH_MAX];
    if (!realpath(to, rt)) {
        return;
    }
    /* from no longer exists: its directory resolved plus its name */
    char dirbuf[PATH_MAX];
    snprintf(dirbuf, sizeof dirbuf, "%s", from);
    char *slash = strrchr(dirbuf, '/');
    if (!slash) {
        return;
    }
    *slash = 0;
    char rd[PATH_MAX];
    if (!realpath(dirbuf[0] ? dirbuf : "/", rd)) {
        return;
    }
    snprintf(rf, sizeof rf, "%s/%s", rd, slash + 1);
    log_path(rf, lf);
    log_path(rt, lt);
    if (real_rename(lf, lt) != 0) {
        unlink(lt);
    }
}

int rename(const char *from, const char *to) {
    pthread_mutex_lock(&lock);
    int r = real_rename(from, to);
    if (r == 0 && from[0] == '/' && to[0] == '/') {
        moved(from, to);
    }
    pthread_mutex_unlock(&lock);
    return r;
}

int renameat(int fromfd, const char *from, int tofd, const char *to) {
    pthread_mutex_lock(&lock);
    int r = real_renameat(fromfd, from, tofd, to);
    if (r == 0 && from[0] == '/' && to[0] == '/') {
        moved(from, to);
    }
    pthread_mutex_unlock(&lock);
    return r;
}
