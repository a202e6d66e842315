package io.outpost.manage;

import java.util.Map;
import java.util.function.Supplier;

/** The {@code status} command (MQTT and admin socket): replies with the gateway's {@link StatusReport} as of now. */
public final class StatusReply implements CommandHandler {

    private final Supplier<StatusReport> report;

    public StatusReply(Supplier<StatusReport> report) {
        this.report = report;
    }

    @Override
    public Map<String, Object> handle(Map<String, Object> request) {
        return report.get().fields();
    }
}
