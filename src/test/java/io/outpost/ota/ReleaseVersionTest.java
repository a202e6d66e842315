package io.outpost.ota;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ReleaseVersionTest {

    @Test
    void ordersAsSemanticVersioning() throws Exception {
        String[] ascending = {"0.9.9", "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2",
                "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "1.0.1", "1.2.0", "1.10.0", "2.0.0", "10.0.0"};
        for (int i = 0; i < ascending.length; i++) {
            for (int j = 0; j < ascending.length; j++) {
                int c = ReleaseVersion.parse(ascending[i]).compareTo(ReleaseVersion.parse(ascending[j]));
                assertTrue(Integer.signum(c) == Integer.compare(i, j), ascending[i] + " vs " + ascending[j]);
            }
        }
    }

    @Test
    void refusesWhatIsNotAVersion() {
        for (String bad : new String[] {"", "1", "1.0", "1.0.0.0", "01.0.0", "1.0.0-", "1.0.0+build", "1.0.0-01", "v1.0.0",
                "1.0.0-a..b", "../1.0.0", "1.0.0/x", "1.0.0-" + "a".repeat(60), "9999999999.0.0"}) {
            assertThrows(OtaRefusal.class, () -> ReleaseVersion.parse(bad), bad);
        }
    }
}
