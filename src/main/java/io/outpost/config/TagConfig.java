package io.outpost.config;

/** One tag of a source; every tag type carries the same report-by-exception policy. */
public sealed interface TagConfig permits ModbusTagConfig, OpcUaTagConfig, GpioTagConfig, SimulatorTagConfig {

    String name();

    ReportPolicy report();
}
