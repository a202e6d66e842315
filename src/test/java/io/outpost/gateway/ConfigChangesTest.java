package io.outpost.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.outpost.config.OutpostConfig;
import io.outpost.testing.GatewayYaml;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a reload would change, for the uplink's keys that say nothing about the link. */
class ConfigChangesTest {

    @TempDir
    Path work;

    @Test
    void aNewDesiredDeadlineDoesNotReplaceTheUplinkButANewBackoffDoes() {
        OutpostConfig running = config(GatewayYaml.of("gw", work).sources(GatewayYaml.SIM_COUNTER).desiredDeadline("60s"));
        OutpostConfig deadline = config(GatewayYaml.of("gw", work).sources(GatewayYaml.SIM_COUNTER).desiredDeadline("5s"));
        OutpostConfig backoff = config(GatewayYaml.of("gw", work).sources(GatewayYaml.SIM_COUNTER).desiredDeadline("60s")
                .backoff("1s", "10s"));
        assertEquals(List.of(), ConfigChanges.between(running, deadline).parts());
        assertEquals(List.of("uplink"), ConfigChanges.between(running, backoff).parts());
    }

    private OutpostConfig config(GatewayYaml yaml) {
        return yaml.parse(work.resolve("outpost.yaml"));
    }
}
