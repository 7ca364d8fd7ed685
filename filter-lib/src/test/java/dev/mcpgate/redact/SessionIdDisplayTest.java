package dev.mcpgate.redact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SessionIdDisplayTest {

    private static final String ID = "3f2a8b1e-5c4d-4e6f-9a0b-1c2d3e4f5a6b";

    @Test
    void fingerprintIsThePrefixAndAShortHashOfTheId() {
        String fingerprint = SessionIdDisplay.FINGERPRINT.apply(ID);
        assertTrue(fingerprint.matches("3f2a\\.\\.\\.[0-9a-f]{8}"), fingerprint);
        assertFalse(fingerprint.contains(ID.substring(4, 12)), fingerprint);
        assertEquals(fingerprint, SessionIdDisplay.fingerprint(ID), "stable");
        assertNotEquals(fingerprint, SessionIdDisplay.fingerprint(ID.replace('b', 'c')), "another id, another hash");
    }

    @Test
    void shortOrOddIdsGiveTheHashOnly() {
        assertTrue(SessionIdDisplay.fingerprint("s1").matches("\\.\\.\\.[0-9a-f]{8}"));
        assertTrue(SessionIdDisplay.fingerprint("\n12:00 SEVERE forged line").matches("\\.\\.\\.[0-9a-f]{8}"));
    }

    @Test
    void fullShowsTheIdAndNullStaysNull() {
        assertEquals(ID, SessionIdDisplay.FULL.apply(ID));
        assertNull(SessionIdDisplay.FINGERPRINT.apply(null));
    }

    @Test
    void settingValues() {
        assertEquals(SessionIdDisplay.FULL, SessionIdDisplay.parse("full"));
        assertEquals(SessionIdDisplay.FINGERPRINT, SessionIdDisplay.parse("fingerprint"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SessionIdDisplay.parse("hash"));
        assertEquals("must be one of fingerprint, full", e.getMessage());
    }
}
