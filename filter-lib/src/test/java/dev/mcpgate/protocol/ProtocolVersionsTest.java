package dev.mcpgate.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProtocolVersionsTest {

    @Test
    void constantsNameTheRevisions() {
        assertEquals("2024-11-05", ProtocolVersions.V2024_11_05);
        assertEquals("2025-03-26", ProtocolVersions.V2025_03_26);
        assertEquals("2025-06-18", ProtocolVersions.V2025_06_18);
        assertEquals("2025-11-25", ProtocolVersions.V2025_11_25);
        assertEquals("2026-07-28", ProtocolVersions.V2026_07_28);
        assertEquals("2025-11-25", ProtocolVersions.LATEST_LEGACY);
        assertEquals("2026-07-28", ProtocolVersions.FIRST_MODERN);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-07-28", "2026-07-29", "2027-01-01", "2100-12-31"})
    void revisionsFromTheFirstModernOnAreModern(String version) {
        assertTrue(ProtocolVersions.isModern(version));
        assertFalse(ProtocolVersions.isLegacy(version));
        assertEquals(Era.MODERN, ProtocolVersions.eraOf(version));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25", "2026-07-27"})
    void revisionsBeforeTheFirstModernAreLegacy(String version) {
        assertTrue(ProtocolVersions.isLegacy(version));
        assertFalse(ProtocolVersions.isModern(version));
        assertEquals(Era.LEGACY, ProtocolVersions.eraOf(version));
    }

    @Test
    void datesBeforeTheFirstRevisionAreNeitherEra() {
        assertTrue(ProtocolVersions.isWellFormed("2024-11-04"));
        assertFalse(ProtocolVersions.isLegacy("2024-11-04"));
        assertFalse(ProtocolVersions.isModern("2024-11-04"));
        assertEquals(Era.UNKNOWN, ProtocolVersions.eraOf("2024-11-04"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "latest", "2026-7-28", "2026-07-28 ", " 2026-07-28", "2026/07/28", "2026-13-01",
        "2026-00-10", "2026-07-00", "2026-07-32", "2025-02-29", "2026-04-31", "20260728", "2026-07-2x",
        "\uFF12\uFF10\uFF12\uFF16-07-28", "2026-07-28T00:00"})
    void malformedVersionsAreNoRevision(String version) {
        assertFalse(ProtocolVersions.isWellFormed(version));
        assertFalse(ProtocolVersions.isModern(version));
        assertFalse(ProtocolVersions.isLegacy(version));
        assertEquals(Era.UNKNOWN, ProtocolVersions.eraOf(version));
    }

    @Test
    void nullIsNoRevision() {
        assertFalse(ProtocolVersions.isWellFormed(null));
        assertFalse(ProtocolVersions.isModern(null));
        assertFalse(ProtocolVersions.isLegacy(null));
        assertEquals(Era.UNKNOWN, ProtocolVersions.eraOf(null));
    }

    @Test
    void leapDaysAreWellFormedOnlyInLeapYears() {
        assertTrue(ProtocolVersions.isWellFormed("2024-02-29"));
        assertTrue(ProtocolVersions.isWellFormed("2000-02-29"));
        assertFalse(ProtocolVersions.isWellFormed("2100-02-29"));
        assertFalse(ProtocolVersions.isWellFormed("2027-02-29"));
    }

    /** The month table answers as the calendar does, leap years and impossible months and days included. */
    @Test
    void aWellFormedVersionIsExactlyARealCalendarDate() {
        for (int year : new int[] {1900, 1999, 2000, 2023, 2024, 2025, 2100, 2400}) {
            for (int month = 0; month <= 13; month++) {
                for (int day = 0; day <= 32; day++) {
                    String version = String.format("%04d-%02d-%02d", year, month, day);
                    boolean real;
                    try {
                        java.time.LocalDate.of(year, month, day);
                        real = true;
                    } catch (java.time.DateTimeException e) {
                        real = false;
                    }
                    assertEquals(real, ProtocolVersions.isWellFormed(version), version);
                }
            }
        }
    }
}
