package io.outpost.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.outpost.testing.GatewayYaml;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SectionNotAppliedTest {

    @TempDir
    Path work;

    @Test
    void eachSectionThatIsReadButNotAppliedIsNamedAndOnlyWhenPresent() throws Exception {
        GatewayYaml plain = GatewayYaml.of("gw", work.resolve("data")).sources(GatewayYaml.SIM_COUNTER);
        assertEquals(List.of(), SectionNotApplied.in(plain.parse(work.resolve("plain.yaml"))));

        GatewayYaml all = GatewayYaml.of("gw", work.resolve("data")).sources(GatewayYaml.SIM_COUNTER)
                .section(GatewayYaml.sectionsNotApplied(work));
        assertEquals(List.of("ota"),
                SectionNotApplied.in(all.parse(work.resolve("all.yaml"))).stream().map(SectionNotApplied::key).toList());
    }
}
