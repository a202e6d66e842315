package io.outpost.source;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * What sources of one gateway are built with: the scheduler they run on, the clock their samples
 * are stamped by, where OPC UA keeps its certificates, and parts that several sources of a kind
 * share (the Modbus threads). Used by the thread that builds the gateway's sources.
 */
public final class SourceContext {

    private final SourceScheduler scheduler;
    private final LongSupplier clock;
    private final Path pkiDir;
    private final Map<Class<?>, Object> shared = new HashMap<>();

    /** @param pkiDir {@code data_dir/pki}: the OPC UA sources' own certificate and trust list */
    public SourceContext(SourceScheduler scheduler, LongSupplier clock, Path pkiDir) {
        this.scheduler = scheduler;
        this.clock = clock;
        this.pkiDir = pkiDir;
    }

    public SourceScheduler scheduler() {
        return scheduler;
    }

    public LongSupplier clock() {
        return clock;
    }

    public Path pkiDir() {
        return pkiDir;
    }

    /** The one {@code kind} of this gateway, made on first use (so a gateway without it pays nothing). */
    public synchronized <T> T shared(Class<T> kind, Supplier<T> make) {
        return kind.cast(shared.computeIfAbsent(kind, k -> make.get()));
    }
}
