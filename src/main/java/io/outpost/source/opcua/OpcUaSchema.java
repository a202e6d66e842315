package io.outpost.source.opcua;

import static io.outpost.config.Checks.positive;

import io.outpost.config.Durations;
import io.outpost.config.Field;
import io.outpost.config.Key;
import io.outpost.config.ReadContext;
import io.outpost.config.Rule;
import io.outpost.config.SectionValues;
import io.outpost.config.SourceCatalog;
import io.outpost.config.SourceSchema;
import io.outpost.config.TagKeys;
import io.outpost.config.TagSchema;
import io.outpost.config.ValueTypes;
import io.outpost.source.opcua.OpcUaSourceConfig.Mode;
import io.outpost.source.opcua.OpcUaSourceConfig.Security;
import io.outpost.source.opcua.OpcUaSourceConfig.SecurityMode;
import io.outpost.source.opcua.OpcUaSourceConfig.SecurityPolicy;
import io.outpost.source.opcua.OpcUaSourceConfig.TimestampSource;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;

/** The keys of a {@code type: opcua} source and of its tags, and the rules across them. */
final class OpcUaSchema {

    static final String TYPE_NAME = "opcua";

    static final Key<String> NODE = Key.required("node", ValueTypes.scalar("OPC UA node id", NodeIdSyntax::check, n -> n),
            "the node id, e.g. `ns=2;s=Line/Temperature` or `i=2258`");

    static final TagSchema<OpcUaTagConfig> TAG = new TagSchema<>(OpcUaTagConfig.class,
            TagSchema.<OpcUaTagConfig>declare("A value read from an OPC UA server.", TYPE_NAME)
                    .fields(Field.of(NODE, OpcUaTagConfig::node), TagKeys.deadband(), TagKeys.maxAge())
                    .build(),
            v -> new OpcUaTagConfig(v.get(TagKeys.NAME), v.get(NODE), TagKeys.report(v)));

    static final Key<String> ENDPOINT = Key.required("endpoint", ValueTypes.scalar("`opc.tcp://` URL",
            OpcUaSchema::endpoint, e -> e), "the server's endpoint URL, e.g. `opc.tcp://192.0.2.20:4840`");
    static final Key<SecurityPolicy> SECURITY_POLICY = Key.withDefault("security_policy",
            ValueTypes.oneOf(SecurityPolicy.class, SecurityPolicy::configName), SecurityPolicy.NONE,
            "the security policy of the secure channel");
    static final Key<SecurityMode> SECURITY_MODE = Key.withDefault("security_mode",
            ValueTypes.oneOf(SecurityMode.class, SecurityMode::configName), SecurityMode.NONE,
            "message security: `None` with policy `None`; `Sign` or `SignAndEncrypt` with any other policy");
    static final Key<String> USERNAME = Key.optional("username", ValueTypes.TEXT,
            "user name to log in with; anonymous without it");
    static final Key<Path> PASSWORD_FILE = Key.optional("password_file", ValueTypes.SECRET_FILE,
            "file holding the password (needs `username`)");
    static final Key<Mode> MODE = Key.withDefault("mode", ValueTypes.oneOf(Mode.class), Mode.SUBSCRIBE,
            "`subscribe`: the server reports changes; `poll`: every tag is read each interval");
    static final Key<Duration> INTERVAL = Key.withDefault("interval", ValueTypes.DURATION, Duration.ofSeconds(1),
            "publishing interval (subscribe) or poll interval (poll)").check(positive());
    static final Key<TimestampSource> TIMESTAMP = Key.withDefault("timestamp", ValueTypes.oneOf(TimestampSource.class),
            TimestampSource.GATEWAY, "which clock a sample's time comes from: `gateway` (this gateway's, when the value "
                    + "arrives), `server` (the value's ServerTimestamp, else the gateway's) or `source` (its SourceTimestamp, "
                    + "the device's clock, else the ServerTimestamp, else the gateway's)");

    static final SourceSchema<OpcUaSourceConfig, OpcUaTagConfig> SCHEMA = new SourceSchema<>(TYPE_NAME,
            OpcUaSourceConfig.class,
            SourceSchema.<OpcUaSourceConfig>declare("An OPC UA server.")
                    .fields(Field.of(ENDPOINT, OpcUaSourceConfig::endpoint),
                            Field.of(SECURITY_POLICY, c -> c.security().policy()),
                            Field.of(SECURITY_MODE, c -> c.security().mode()),
                            Field.optional(USERNAME, c -> c.security().username()),
                            Field.optional(PASSWORD_FILE, c -> c.security().passwordFile()),
                            Field.of(MODE, OpcUaSourceConfig::mode), Field.of(INTERVAL, OpcUaSourceConfig::interval),
                            Field.of(TIMESTAMP, OpcUaSourceConfig::timestamp))
                    .rule(Rule.of("`security_policy` `None` goes with `security_mode` `None`, and any other policy with "
                            + "`Sign` or `SignAndEncrypt`.", OpcUaSchema::policyMatchesMode))
                    .rule(Rule.of("`password_file` needs `username`.", OpcUaSchema::passwordNeedsUser))
                    .build(),
            TAG,
            (v, tags) -> new OpcUaSourceConfig(v.get(SourceCatalog.NAME), v.get(ENDPOINT), new Security(
                    v.get(SECURITY_POLICY), v.get(SECURITY_MODE), v.find(USERNAME), v.find(PASSWORD_FILE)),
                    v.get(MODE), v.get(INTERVAL), v.get(TIMESTAMP), tags));

    private OpcUaSchema() {
    }

    private static void policyMatchesMode(SectionValues source, ReadContext ctx) {
        SecurityPolicy policy = source.get(SECURITY_POLICY);
        SecurityMode mode = source.get(SECURITY_MODE);
        if (policy == null || mode == null || (policy == SecurityPolicy.NONE) == (mode == SecurityMode.NONE)) {
            return;
        }
        if (source.has(SECURITY_MODE)) {
            ctx.problem(source.node(SECURITY_MODE), source.path(SECURITY_MODE), policy == SecurityPolicy.NONE
                    ? "must be None when security_policy is None"
                    : "must be Sign or SignAndEncrypt with security_policy " + policy.configName());
        } else {
            ctx.problem(source.node(SECURITY_POLICY), source.path(SECURITY_POLICY),
                    "needs security_mode Sign or SignAndEncrypt (the default, None, goes only with policy None)");
        }
    }

    private static void passwordNeedsUser(SectionValues source, ReadContext ctx) {
        if (source.has(PASSWORD_FILE) && !source.has(USERNAME)) {
            ctx.problem(source.keyNode(PASSWORD_FILE), source.path(PASSWORD_FILE), "needs `username`");
        }
    }

    static String endpoint(String text) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(Durations.quote(text) + " is not a URL: " + e.getReason());
        }
        if (!"opc.tcp".equals(uri.getScheme())) {
            throw new IllegalArgumentException(Durations.quote(text)
                    + " is not an opc.tcp:// endpoint, e.g. opc.tcp://192.0.2.20:4840");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException(Durations.quote(text) + " has no host");
        }
        return text;
    }
}
