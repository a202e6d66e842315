package io.outpost.ota;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HealthGateTest {

    @TempDir
    Path releases;

    private final List<String> events = new ArrayList<>();

    private HealthGate gate(Optional<String> running) {
        return new HealthGate(new Releases(releases), running, (name, fields) -> events.add(name + " " + fields));
    }

    @Test
    void theReleaseOnTrialIsConfirmedWhenHealthyAndOnlyThatRelease() throws Exception {
        new Trial("1.2.0", "1.1.0", Instant.now().plusSeconds(120), 1, 3).write(releases);
        HealthGate other = gate(Optional.of("1.1.0"));
        other.start();
        assertFalse(other.onTrial(), "another release is not on trial");
        other.healthy();
        assertTrue(Files.exists(releases.resolve(Trial.FILE)));

        HealthGate gate = gate(Optional.of("1.2.0"));
        gate.start();
        assertTrue(gate.onTrial());
        assertTrue(gate.deadline().isPresent());
        gate.healthy();
        assertFalse(gate.onTrial());
        assertFalse(Files.exists(releases.resolve(Trial.FILE)));
        assertTrue(events.get(0).startsWith("ota-on-trial"), events.toString());
        assertTrue(events.get(1).startsWith("ota-confirmed {version=1.2.0, previous=1.1.0}"), events.toString());
    }

    @Test
    void aRollbackTheLauncherMadeIsReportedOnce() throws Exception {
        Files.writeString(releases.resolve(Releases.ROLLBACK_REASON), "version=1.2.0\nreason=started 3 times without confirming itself healthy\n");
        gate(Optional.empty()).start();
        assertEquals("ota-rolled-back {version=1.2.0, reason=started 3 times without confirming itself healthy, running=packaged}",
                events.get(0));
        assertFalse(Files.exists(releases.resolve(Releases.ROLLBACK_REASON)));
        gate(Optional.empty()).start();
        assertEquals(1, events.size(), "reported once");
    }

    @Test
    void theRunningReleaseIsTheChosenOneOnlyWhenItIsInTheReleasesFolder() throws Exception {
        Files.createDirectories(releases.resolve("1.2.0"));
        assertEquals(Optional.of("1.2.0"), HealthGate.runningRelease(releases,
                Map.of("OUTPOST_RELEASE_CHOSEN", releases.resolve("1.2.0").toString())));
        assertEquals(Optional.empty(), HealthGate.runningRelease(releases, Map.of("OUTPOST_RELEASE_CHOSEN", "/usr/lib/outpost")));
        assertEquals(Optional.empty(), HealthGate.runningRelease(releases, Map.of()));
        assertEquals(Path.of("/x/releases"), HealthGate.releasesDir(Path.of("/x"), Map.of()));
        assertEquals(Path.of("/r"), HealthGate.releasesDir(Path.of("/x"), Map.of("OUTPOST_RELEASES", "/r")));
    }
}
