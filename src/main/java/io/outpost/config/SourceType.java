package io.outpost.config;

/** The {@code type:} of a source, by its config name. */
public enum SourceType {
    MODBUS_TCP("modbus-tcp"),
    MODBUS_RTU("modbus-rtu"),
    OPCUA("opcua"),
    GPIO("gpio"),
    SIMULATOR("simulator");

    private final String configName;

    SourceType(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }
}
