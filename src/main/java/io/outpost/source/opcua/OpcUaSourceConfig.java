package io.outpost.source.opcua;

import io.outpost.config.SourceConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * {@code type: opcua}.
 *
 * @param timestamp which clock a sample's time comes from
 */
public record OpcUaSourceConfig(
        String name, String endpoint, Security security, Mode mode, Duration interval, TimestampSource timestamp,
        List<OpcUaTagConfig> tags) implements SourceConfig {

    public OpcUaSourceConfig {
        tags = List.copyOf(tags);
    }

    @Override
    public String type() {
        return OpcUaSchema.TYPE_NAME;
    }

    /** In subscribe mode a server reports changes only: an unchanged value is silent, not late. */
    @Override
    public Optional<Duration> readingInterval(String tagName) {
        return mode == Mode.POLL ? Optional.of(interval) : Optional.empty();
    }

    /** How the session is secured and whom it logs in as; anonymous without a user name. */
    public record Security(SecurityPolicy policy, SecurityMode mode, Optional<String> username,
            Optional<Path> passwordFile) {
    }

    /** {@code mode:} subscribe | poll. */
    public enum Mode { SUBSCRIBE, POLL }

    /**
     * {@code timestamp:} source | server | gateway. {@code SOURCE} is the value's SourceTimestamp
     * (the device's clock), else its ServerTimestamp, else the gateway's; {@code SERVER} is the
     * ServerTimestamp, else the gateway's; {@code GATEWAY} is the gateway's clock when the value
     * arrives.
     */
    public enum TimestampSource { SOURCE, SERVER, GATEWAY }

    /** {@code security_policy:}, spelt as in the OPC UA specification. */
    public enum SecurityPolicy {
        NONE("None"),
        BASIC128RSA15("Basic128Rsa15"),
        BASIC256("Basic256"),
        BASIC256SHA256("Basic256Sha256"),
        AES128_SHA256_RSAOAEP("Aes128_Sha256_RsaOaep"),
        AES256_SHA256_RSAPSS("Aes256_Sha256_RsaPss");

        private final String configName;

        SecurityPolicy(String configName) {
            this.configName = configName;
        }

        public String configName() {
            return configName;
        }

        /** The policy URI an OPC UA stack names it by. */
        public String uri() {
            return "http://opcfoundation.org/UA/SecurityPolicy#" + configName;
        }
    }

    /** {@code security_mode:} None | Sign | SignAndEncrypt. */
    public enum SecurityMode {
        NONE("None"), SIGN("Sign"), SIGN_AND_ENCRYPT("SignAndEncrypt");

        private final String configName;

        SecurityMode(String configName) {
            this.configName = configName;
        }

        public String configName() {
            return configName;
        }
    }
}
