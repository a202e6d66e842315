package io.outpost.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.manage.CommandRefusedException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OverTheAirTest {

    @TempDir
    Path dataDir;

    @Test
    void withoutAnOtaSectionUpdatesAndRollbacksAreRefusedAndStatusSaysWhy() throws Exception {
        try (OverTheAir ota = new OverTheAir(Optional.empty(), dataDir, "1.0.0", (name, fields) -> { })) {
            CommandRefusedException e = assertThrows(CommandRefusedException.class,
                    () -> ota.apply().handle(Map.of("version", "1.1.0")));
            assertEquals("over-the-air updates are off: the config has no ota section (ota.public_key_file)", e.getMessage());
            assertTrue(assertThrows(CommandRefusedException.class, () -> ota.rollback().handle(Map.of()))
                    .getMessage().contains("no ota section"));
            Map<String, Object> status = ota.status().handle(Map.of());
            assertEquals("packaged", status.get("current"));
            assertEquals("off (no ota section)", status.get("updates"));
        }
    }
}
