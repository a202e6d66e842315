package io.outpost.source.opcua;

import io.outpost.config.ReportPolicy;
import io.outpost.config.TagConfig;

/** An OPC UA tag: its {@code node} id as written in the config. */
public record OpcUaTagConfig(String name, String node, ReportPolicy report) implements TagConfig {
}
