package io.outpost.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.outpost.config.OutpostConfig;
import io.outpost.testing.GatewayYaml;
import io.outpost.testing.Gateways;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDirProblemsTest {

    @TempDir
    Path work;

    @Test
    void aDataDirThatIsARegularFileIsCalledAFile() throws Exception {
        Path file = Files.writeString(work.resolve("data"), "not a directory");
        OutpostConfig config = GatewayYaml.of("gw", file).sources(GatewayYaml.SIM_COUNTER).parse(work.resolve("outpost.yaml"));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Gateways.start(config).close());
        assertEquals("gateway.data_dir " + file + " is a file, not a directory; move the file away or point"
                + " gateway.data_dir at a directory", e.getMessage());
    }
}
