package io.outpost.manage;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** {@code queue-stats}: the store-and-forward queue per lane, as in the status report, with the file's size. */
public final class QueueStatsCommand implements CommandHandler {

    private final Supplier<GatewayStats> stats;

    public QueueStatsCommand(Supplier<GatewayStats> stats) {
        this.stats = stats;
    }

    @Override
    public Map<String, Object> handle(Map<String, Object> request) {
        GatewayStats now = stats.get();
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("lanes", LaneReport.lanes(now));
        reply.put("store", Map.of("file_bytes", now.storeFileBytes()));
        return reply;
    }
}
