package io.outpost.config;

/** {@code store:} the on-disk size bound of all lanes together, and what happens when it is reached. */
public record StoreConfig(long maxSizeBytes, OnFull onFull) {

    /** {@code on_full:} drop-oldest | reject-new. Alarms are dropped last either way. */
    public enum OnFull {
        DROP_OLDEST("drop-oldest"), REJECT_NEW("reject-new");

        private final String configName;

        OnFull(String configName) {
            this.configName = configName;
        }

        public String configName() {
            return configName;
        }
    }
}
