package io.outpost.gateway;

import io.outpost.source.Source;
import io.outpost.source.SourceScheduler;

import io.outpost.config.GpioSourceConfig;
import io.outpost.config.ModbusRtuSourceConfig;
import io.outpost.config.ModbusTcpSourceConfig;
import io.outpost.config.OpcUaSourceConfig;
import io.outpost.config.SimulatorSourceConfig;
import io.outpost.config.SourceConfig;
import io.outpost.source.gpio.GpioSource;
import io.outpost.source.modbus.ModbusSources;
import io.outpost.source.opcua.OpcUaSource;
import io.outpost.source.simulator.SimulatorSource;
import java.nio.file.Path;
import java.util.function.LongSupplier;

/**
 * Builds the source for a config entry. Each type's classes (and its libraries) are loaded only when
 * a config names that type: a simulator-only gateway never loads Modbus, OPC UA or GPIO code.
 */
public final class SourceFactory {

    private final SourceScheduler scheduler;
    private final LongSupplier clock;
    /** {@code data_dir/pki}: the OPC UA sources' own certificate and trust list. */
    private final Path pkiDir;
    /** Built on the first Modbus source only, with the threads Modbus sources share. */
    private ModbusSources modbus;

    public SourceFactory(SourceScheduler scheduler, LongSupplier clock, Path pkiDir) {
        this.scheduler = scheduler;
        this.clock = clock;
        this.pkiDir = pkiDir;
    }

    /**
     * The source for {@code config}, not yet started.
     */
    public Source create(SourceConfig config) {
        if (config instanceof SimulatorSourceConfig simulator) {
            return new SimulatorSource(simulator, scheduler, clock);
        }
        if (config instanceof ModbusTcpSourceConfig tcp) {
            return modbus().tcp(tcp);
        }
        if (config instanceof ModbusRtuSourceConfig rtu) {
            return modbus().rtu(rtu);
        }
        if (config instanceof OpcUaSourceConfig opcua) {
            return new OpcUaSource(opcua, clock, pkiDir);
        }
        if (config instanceof GpioSourceConfig gpio) {
            return new GpioSource(gpio, clock);
        }
        // SourceConfig is sealed and every permitted type is handled above.
        throw new IllegalArgumentException("no source implementation for type " + config.type().configName());
    }

    private synchronized ModbusSources modbus() {
        if (modbus == null) {
            modbus = new ModbusSources(scheduler, clock);
        }
        return modbus;
    }
}
