package io.outpost.manage;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/** {@code ping}: answers with the gateway id, the boot id and the gateway's clock, so a sender can check the link and the time. */
public final class PingCommand implements CommandHandler {

    private final String gatewayId;
    private final String bootId;
    private final LongSupplier clock;

    public PingCommand(String gatewayId, String bootId, LongSupplier clock) {
        this.gatewayId = gatewayId;
        this.bootId = bootId;
        this.clock = clock;
    }

    @Override
    public Map<String, Object> handle(Map<String, Object> request) {
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("gw", gatewayId);
        reply.put("boot", bootId);
        reply.put("ts", clock.getAsLong());
        return reply;
    }
}
