package io.outpost.value;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TagIdTest {

    @Test
    void parsesSourceSlashName() {
        assertEquals(new TagId("press1", "pressure"), TagId.parse("press1/pressure"));
        assertEquals("press1/pressure", new TagId("press1", "pressure").toString());
    }

    @Test
    void refusesAddressesWithoutExactlyOneSlash() {
        for (String bad : new String[] {"pressure", "/pressure", "press1/", "a/b/c", ""}) {
            assertThrows(IllegalArgumentException.class, () -> TagId.parse(bad), bad);
        }
    }
}
