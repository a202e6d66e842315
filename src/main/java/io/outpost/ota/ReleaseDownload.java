package io.outpost.ota;

import io.outpost.threads.DaemonThreads;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fetches a manifest's archive into {@code releases/.partial/<version>.tar.gz}: free disk checked
 * first, never more than {@code size} bytes taken, resumed with {@code Range} after a dropped
 * connection (up to {@link #ATTEMPTS} attempts, each resuming where the file ends), and the SHA-256
 * checked over the whole file at the end. A refusal deletes the partial file; a failure of the network
 * keeps it, so the next try of the same version resumes. Runs on the caller's thread (the gateway's
 * {@code ota} thread); the JDK client's own I/O runs on its selector thread and one {@code ota-http}
 * thread, for the download's length only.
 */
public final class ReleaseDownload {

    static final int ATTEMPTS = 5;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration HEADERS_TIMEOUT = Duration.ofSeconds(60);
    /** No byte of the body for this long: the attempt fails and the next resumes where this one stopped. */
    static final Duration STALL_TIMEOUT = Duration.ofSeconds(60);
    private static final int BUFFER = 64 * 1024;
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");

    private final Path partialDir;
    private final long keepFree;
    private final OtaEvents events;
    private final Duration retryPause;
    private final Duration stallTimeout;

    /** {@code keepFree}: bytes of disk an update must leave free (for the queue). */
    public ReleaseDownload(Path releases, long keepFree, OtaEvents events, Duration retryPause) {
        this(releases, keepFree, events, retryPause, STALL_TIMEOUT);
    }

    /** {@code stallTimeout}: how long a body may send nothing before the attempt is given up (and resumed). */
    ReleaseDownload(Path releases, long keepFree, OtaEvents events, Duration retryPause, Duration stallTimeout) {
        this.partialDir = releases.resolve(".partial");
        this.keepFree = keepFree;
        this.events = events;
        this.retryPause = retryPause;
        this.stallTimeout = stallTimeout;
    }

    /** Bytes of disk an update of {@code size} needs: the archive, and its unpacked tree (jars: about as large). */
    static long needed(long size) {
        return 3 * size;
    }

    /** The verified archive. */
    public Path fetch(Manifest manifest) throws OtaRefusal, IOException, InterruptedException {
        Files.createDirectories(partialDir);
        Path file = partialDir.resolve(manifest.version().text() + ".tar.gz");
        long have = Files.exists(file) ? Files.size(file) : 0;
        if (have > manifest.size()) {
            Files.delete(file);
            have = 0;
        }
        long usable = Files.getFileStore(partialDir).getUsableSpace();
        long needed = needed(manifest.size()) - have + keepFree;
        if (usable < needed) {
            throw new OtaRefusal("not enough disk for " + manifest.version() + ": " + usable + " bytes free in " + partialDir
                    + ", " + needed + " needed (the archive and its unpacked release, and ota.keep_free)");
        }
        try {
            if (manifest.url().getScheme().equalsIgnoreCase("file")) {
                copyFile(manifest, file);
            } else {
                http(manifest, file);
            }
            verify(manifest, file);
        } catch (OtaRefusal e) {
            Files.deleteIfExists(file);
            throw e;
        }
        return file;
    }

    private void copyFile(Manifest manifest, Path file) throws OtaRefusal, IOException {
        Path source = Path.of(manifest.url());
        long size = Files.size(source);
        if (size != manifest.size()) {
            throw sizeMismatch(manifest, size);
        }
        try (InputStream in = Files.newInputStream(source);
             OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING)) {
            new Progress(manifest, 0).copy(in, out, manifest.size());
        }
    }

    private void http(Manifest manifest, Path file) throws OtaRefusal, IOException, InterruptedException {
        ExecutorService executor = Executors.newSingleThreadExecutor(DaemonThreads.named("ota-http"));
        try {
            HttpClient client = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).executor(executor)
                    .followRedirects(HttpClient.Redirect.NORMAL).build();
            IOException last = null;
            for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
                long have = Files.exists(file) ? Files.size(file) : 0;
                if (have == manifest.size()) {
                    return;
                }
                try {
                    attempt(client, manifest, file, have);
                    last = null;
                } catch (IOException e) {
                    last = e;
                    Map<String, Object> fields = fields(manifest);
                    fields.put("attempt", attempt);
                    fields.put("have", Files.exists(file) ? Files.size(file) : 0);
                    fields.put("error", String.valueOf(e.getMessage()));
                    events.event("ota-download-interrupted", fields);
                    Thread.sleep(retryPause.toMillis() * attempt);
                }
            }
            long have = Files.exists(file) ? Files.size(file) : 0;
            if (have != manifest.size() && last != null) {
                throw new IOException("download of " + manifest.url() + " failed " + ATTEMPTS + " times, last: "
                        + last.getMessage() + " (" + have + " of " + manifest.size() + " bytes kept; the next try resumes)", last);
            }
        } finally {
            executor.shutdownNow();
        }
    }

    /** One request from byte {@code have}; returns normally only when the server's body ended where it said. */
    private void attempt(HttpClient client, Manifest manifest, Path file, long have)
            throws OtaRefusal, IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(manifest.url()).timeout(HEADERS_TIMEOUT).GET();
        if (have > 0) {
            request.header("Range", "bytes=" + have + "-");
        }
        HttpResponse<InputStream> response = client.send(request.build(), info -> new StallGuardedBody(stallTimeout));
        try (InputStream body = response.body()) {
            long from = start(manifest, response, have);
            long expected = manifest.size() - from;
            OptionalLong length = response.headers().firstValueAsLong("Content-Length");
            if (length.isPresent() && length.getAsLong() != expected) {
                throw sizeMismatch(manifest, from + length.getAsLong());
            }
            try (OutputStream out = from == 0
                    ? Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING)
                    : Files.newOutputStream(file, StandardOpenOption.APPEND)) {
                long got = new Progress(manifest, from).copy(body, out, expected);
                if (got < expected && length.isEmpty()) {
                    // no length said, and the body ended: the server's file is shorter than the manifest says
                    throw sizeMismatch(manifest, from + got);
                }
                if (got < expected) {
                    throw new IOException("connection ended after " + (from + got) + " of " + manifest.size() + " bytes");
                }
            }
        }
    }

    /** Where the response body starts in the archive: {@code have} for a 206 that says so, 0 for a 200. */
    private static long start(Manifest manifest, HttpResponse<?> response, long have) throws OtaRefusal, IOException {
        int status = response.statusCode();
        if (status == 200) {
            return 0;
        }
        if (status == 206) {
            String range = response.headers().firstValue("Content-Range").orElse("");
            Matcher m = CONTENT_RANGE.matcher(range);
            if (!m.matches() || Long.parseLong(m.group(1)) != have) {
                throw new IOException(manifest.url() + " answered a range request with Content-Range " + Quoting.quote(range));
            }
            if (!m.group(3).equals("*") && Long.parseLong(m.group(3)) != manifest.size()) {
                throw sizeMismatch(manifest, Long.parseLong(m.group(3)));
            }
            return have;
        }
        if (status >= 500 || status == 408 || status == 429) {
            throw new IOException(manifest.url() + " answered HTTP " + status);
        }
        throw new OtaRefusal(manifest.url() + " answered HTTP " + status);
    }

    private static void verify(Manifest manifest, Path file) throws OtaRefusal, IOException {
        long size = Files.size(file);
        if (size != manifest.size()) {
            throw sizeMismatch(manifest, size);
        }
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        byte[] buffer = new byte[BUFFER];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                sha.update(buffer, 0, n);
            }
        }
        String actual = HexFormat.of().formatHex(sha.digest());
        if (!actual.equals(manifest.sha256())) {
            throw new OtaRefusal("sha256 mismatch: the archive of " + manifest.version() + " has " + actual + ", the manifest says "
                    + manifest.sha256());
        }
    }

    private static OtaRefusal sizeMismatch(Manifest manifest, long actual) {
        return new OtaRefusal("size mismatch: the archive of " + manifest.version() + " is " + actual + " bytes, the manifest says "
                + manifest.size());
    }

    private Map<String, Object> fields(Manifest manifest) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("version", manifest.version().text());
        return fields;
    }

    /** Copies a body, never past the manifest's size, with a progress event at each tenth. */
    private final class Progress {
        private final Manifest manifest;
        private long at;
        private long nextReport;

        Progress(Manifest manifest, long from) {
            this.manifest = manifest;
            this.at = from;
            this.nextReport = tenth(from);
        }

        long copy(InputStream in, OutputStream out, long limit) throws IOException, OtaRefusal {
            byte[] buffer = new byte[BUFFER];
            long copied = 0;
            for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                if (copied + n > limit) {
                    throw sizeMismatch(manifest, at + n);
                }
                out.write(buffer, 0, n);
                copied += n;
                at += n;
                if (at >= nextReport) {
                    Map<String, Object> fields = fields(manifest);
                    fields.put("bytes", at);
                    fields.put("size", manifest.size());
                    events.event("ota-download-progress", fields);
                    nextReport = tenth(at);
                }
            }
            return copied;
        }

        private long tenth(long from) {
            long step = Math.max(1, manifest.size() / 10);
            return Math.min(manifest.size(), (from / step + 1) * step);
        }
    }
}
