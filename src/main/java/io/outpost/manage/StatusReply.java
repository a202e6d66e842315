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
    public Map<String, Object> handle(Map<String, Object> request) throws CommandRefusedException {
        if (!request.isEmpty()) {
            throw new CommandRefusedException("status takes no fields; send {} or an empty payload");
        }
        return report.get().fields();
    }
}
