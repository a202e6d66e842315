package io.outpost.source.opcua;

import io.outpost.source.opcua.OpcUaSourceConfig.TimestampSource;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;

/**
 * The time a sample of an OPC UA value is stamped with, by the source's {@code timestamp:} choice.
 * A timestamp the server leaves out (absent, or encoded as the OPC UA null time, 1601-01-01) falls
 * back to the next clock: source, then server, then the gateway's own. Stateless.
 */
final class SampleClock {

    private final TimestampSource choice;
    private final LongSupplier gateway;

    SampleClock(TimestampSource choice, LongSupplier gateway) {
        this.choice = choice;
        this.gateway = gateway;
    }

    long timeOf(DataValue value) {
        return switch (choice) {
            case SOURCE -> millis(value.getSourceTime()).orElseGet(() -> millis(value.getServerTime()).orElseGet(gateway::getAsLong));
            case SERVER -> millis(value.getServerTime()).orElseGet(gateway::getAsLong);
            case GATEWAY -> gateway.getAsLong();
        };
    }

    private static Optional<Long> millis(DateTime time) {
        return time != null && !time.isNull() && time.isValid() ? Optional.of(time.getJavaTime()) : Optional.empty();
    }
}
