package io.outpost.uplink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConnectFailuresTest {

    private static final long SECOND = Duration.ofSeconds(1).toNanos();
    private static final String REFUSED = "cannot reach broker 127.0.0.1:1883: Connection refused";

    @Test
    void theFirstFailureWarnsWithTheReasonAndWhatToDoThenARemindersComesEveryFiveMinutesAndTheRestIsDebug() {
        ConnectFailures failures = new ConnectFailures();
        ConnectFailures.Line first = failures.failed(REFUSED, 0);
        assertTrue(first.warn());
        assertEquals("uplink-connect-failed attempts=1 reason=\"" + REFUSED + "\" action=\"check that the broker runs and"
                + " this gateway reaches it (uplink.url, firewall); records are kept on disk and sent once it connects\"",
                first.text());
        int warned = 0;
        for (long t = 2; t <= 600; t += 2) {
            if (failures.failed(REFUSED, t * SECOND).warn()) {
                warned++;
            }
        }
        assertEquals(2, warned, "one reminder at 300 s and one at 600 s in ten minutes of attempts every 2 s");
        ConnectFailures.Line reminder = failures.failed(REFUSED, 900 * SECOND);
        assertTrue(reminder.warn());
        assertTrue(reminder.text().startsWith("uplink-connect-failing attempts=302 for_s=900 reason="), reminder.text());
        assertFalse(failures.failed(REFUSED, 902 * SECOND).warn());
    }

    @Test
    void anotherReasonWarnsAgainAndAConnectionSumsUpTheFailuresOnceAndStartsOver() {
        ConnectFailures failures = new ConnectFailures();
        failures.failed(REFUSED, 0);
        failures.failed(REFUSED, SECOND);
        ConnectFailures.Line tls = failures.failed("TLS: server certificate of b:8883 not trusted by uplink.tls.ca_file ca.pem",
                2 * SECOND);
        assertTrue(tls.warn());
        assertTrue(tls.text().contains("this does not heal by itself: check uplink.tls"), tls.text());
        assertEquals(Optional.of("uplink-recovered failed_attempts=3 down_s=10"), failures.connected(10 * SECOND));
        assertEquals(Optional.empty(), failures.connected(11 * SECOND));
        assertTrue(failures.failed(REFUSED, 12 * SECOND).warn(), "the first failure after being up warns again");
    }

    @Test
    void badCredentialsAndAPlainPortSayWhatToChange() {
        assertTrue(ConnectFailures.action("broker b:1883 refused the connection: reason 0x86 (Bad user name or password)")
                .contains("uplink.username, uplink.password_file"));
        assertTrue(ConnectFailures.action("TLS: the broker b:1883 closed the connection during the handshake; is this a"
                + " TLS port?").startsWith("use tcp:// for a plain port"));
    }

    @Test
    void everyRefusalReasonSaysWhetherItHealsAndWhatToCheck() {
        for (String code : new String[] {"0x85", "0x86", "0x87", "0x8a", "0x8c"}) {
            assertTrue(ConnectFailures.action("broker b:1883 refused the connection: reason " + code + " (x)")
                    .startsWith("this does not heal by itself"), code);
        }
        for (String code : new String[] {"0x88", "0x89", "0x97", "0x9f"}) {
            assertTrue(ConnectFailures.action("broker b:1883 refused the connection: reason " + code + " (x)")
                    .startsWith("the broker is overloaded or limits this client; retrying with growing backoff"), code);
        }
        assertTrue(ConnectFailures.action("broker b:1883 refused the connection: reason 0x80 (x)")
                .startsWith("check the broker's log"));
    }
}
