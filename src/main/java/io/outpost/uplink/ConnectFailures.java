package io.outpost.uplink;

import java.time.Duration;
import java.util.Optional;

/**
 * How loud a failed connect is. The first failure after the link was up (or since start) is a WARN
 * saying why in words and what to do; while it keeps failing, a WARN reminder comes at most every
 * {@link #REMIND_EVERY} with how many attempts failed over how long; every attempt between is DEBUG.
 * A failure with another reason than the last is a first failure again. When the link comes up, the
 * failures before it are summed up once.
 *
 * <p>Owned by the {@code uplink} thread.
 */
final class ConnectFailures {

    static final Duration REMIND_EVERY = Duration.ofMinutes(5);

    /** One log line: WARN or DEBUG, the text after {@code event=}. */
    record Line(boolean warn, String text) {
    }

    private long attempts;
    private long firstNanos;
    private long lastWarnNanos;
    private String lastReason;

    /** A connect attempt failed with {@code reason} at {@code nowNanos}. */
    Line failed(String reason, long nowNanos) {
        attempts++;
        if (attempts == 1 || !reason.equals(lastReason)) {
            if (attempts == 1) {
                firstNanos = nowNanos;
            }
            lastReason = reason;
            lastWarnNanos = nowNanos;
            return new Line(true, "uplink-connect-failed attempts=" + attempts + " reason=\"" + reason + "\" action=\""
                    + action(reason) + "\"");
        }
        if (nowNanos - lastWarnNanos >= REMIND_EVERY.toNanos()) {
            lastWarnNanos = nowNanos;
            return new Line(true, "uplink-connect-failing attempts=" + attempts + " for_s=" + seconds(nowNanos - firstNanos)
                    + " reason=\"" + reason + "\" action=\"" + action(reason) + "\"");
        }
        return new Line(false, "uplink-connect-failed attempts=" + attempts + " reason=\"" + reason + "\"");
    }

    /** The link came up: the failures before it in one line, if there were any; counting starts over. */
    Optional<String> connected(long nowNanos) {
        if (attempts == 0) {
            return Optional.empty();
        }
        String line = "uplink-recovered failed_attempts=" + attempts + " down_s=" + seconds(nowNanos - firstNanos);
        attempts = 0;
        lastReason = null;
        return Optional.of(line);
    }

    /** What the operator can do about {@code reason} (a {@link LinkErrors} text). */
    static String action(String reason) {
        if (reason.contains("is this a TLS port")) {
            return "use tcp:// for a plain port or the broker's TLS port with ssl://; records are kept on disk";
        }
        if (reason.startsWith("TLS:")) {
            return "this does not heal by itself: check uplink.tls (ca_file, cert_file, key_file) against the"
                    + " broker's certificate; records are kept on disk and sent once it connects";
        }
        if (reason.contains("reason 0x86") || reason.contains("reason 0x87") || reason.contains("reason 0x85")) {
            return "this does not heal by itself: check uplink.username, uplink.password_file, uplink.client_id and"
                    + " the broker's ACL; records are kept on disk";
        }
        if (reason.contains("reason 0x8a")) {
            return "this does not heal by itself: the broker banned this client (uplink.client_id, uplink.username);"
                    + " ask its operator to lift the ban; records are kept on disk";
        }
        if (reason.contains("reason 0x8c")) {
            return "this does not heal by itself: the broker wants another authentication method than user name and"
                    + " password (uplink.username, uplink.password_file, uplink.tls.cert_file); records are kept on disk";
        }
        if (reason.contains("reason 0x88") || reason.contains("reason 0x89") || reason.contains("reason 0x97")
                || reason.contains("reason 0x9f")) {
            return "the broker is overloaded or limits this client; retrying with growing backoff, check the broker's"
                    + " load and quotas if it lasts; records are kept on disk";
        }
        if (reason.contains("refused the connection")) {
            return "check the broker's log for why it refuses this client; records are kept on disk";
        }
        if (reason.startsWith("unknown broker host")) {
            return "check the host in uplink.url and the gateway's DNS; records are kept on disk";
        }
        return "check that the broker runs and this gateway reaches it (uplink.url, firewall); records are kept on disk"
                + " and sent once it connects";
    }

    private static long seconds(long nanos) {
        return Duration.ofNanos(nanos).toSeconds();
    }
}
