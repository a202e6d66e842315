package io.outpost.manage;

import java.util.Map;
import java.util.function.Supplier;

/** {@code status}: the gateway's {@link StatusReport} as of now. */
public final class StatusCommand implements CommandHandler {

    private final Supplier<StatusReport> report;

    public StatusCommand(Supplier<StatusReport> report) {
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
