package io.outpost.cli;

import io.outpost.manage.GatewayStats;
import io.outpost.source.SourceHealth;
import io.outpost.store.LaneStats;
import java.util.Locale;

/** The one line {@code systemctl status outpost} shows of a running daemon (systemd's {@code STATUS=}). */
final class ServiceStatusLine {

    private ServiceStatusLine() {
    }

    static String of(GatewayStats stats) {
        long up = stats.sources().values().stream().filter(SourceHealth::up).count();
        long queued = stats.lanes().values().stream().mapToLong(LaneStats::depth).sum();
        return "running: " + up + " of " + stats.sources().size() + " sources up, link "
                + stats.link().name().toLowerCase(Locale.ROOT) + ", " + queued + " records queued";
    }
}
