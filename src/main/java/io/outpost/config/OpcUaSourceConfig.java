package io.outpost.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** {@code type: opcua}. */
public record OpcUaSourceConfig(
        String name, String endpoint, SecurityPolicy securityPolicy, SecurityMode securityMode,
        Optional<String> username, Optional<Path> passwordFile, Mode mode, Duration interval,
        List<OpcUaTagConfig> tags) implements SourceConfig {

    public OpcUaSourceConfig {
        tags = List.copyOf(tags);
    }

    @Override
    public SourceType type() {
        return SourceType.OPCUA;
    }

    /** {@code mode:} subscribe | poll. */
    public enum Mode { SUBSCRIBE, POLL }

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
