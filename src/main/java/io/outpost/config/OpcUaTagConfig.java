package io.outpost.config;

/** An OPC UA tag: its {@code node} id as written in the config. */
public record OpcUaTagConfig(String name, String node, ReportPolicy report) implements TagConfig {
}
