package dev.mcpgate.protocol;


/**
 * The MCP protocol revisions and the era each belongs to.
 *
 * <p>A revision is named by its release date, {@code YYYY-MM-DD}. Well-formed names therefore
 * sort as strings in the order of their dates, which lets every check here be a plain
 * {@link String#compareTo} after a format check, without parsing into a date object.
 */
public final class ProtocolVersions {

    public static final String V2024_11_05 = "2024-11-05";
    public static final String V2025_03_26 = "2025-03-26";
    public static final String V2025_06_18 = "2025-06-18";
    public static final String V2025_11_25 = "2025-11-25";
    public static final String V2026_07_28 = "2026-07-28";

    /** The last revision with the {@code initialize} handshake and {@code Mcp-Session-Id}. */
    public static final String LATEST_LEGACY = V2025_11_25;

    /** The first stateless revision; it and every later one are modern. */
    public static final String FIRST_MODERN = V2026_07_28;

    /** The first published revision; nothing older is legacy MCP. */
    private static final String FIRST_LEGACY = V2024_11_05;

    private static final int LENGTH = "YYYY-MM-DD".length();
    /** Days of each month, February of a leap year; a table, since this runs twice per exchange. */
    private static final int[] DAYS = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

    private ProtocolVersions() {
    }

    /**
     * Whether the version names a real calendar date as {@code YYYY-MM-DD}, the form of every MCP
     * revision. Anything else (a client's typo, {@code "latest"}, an injected header) is no
     * revision at all, so the era checks below answer {@code false} for it.
     *
     * @param version a version string; may be {@code null}
     */
    public static boolean isWellFormed(String version) {
        if (version == null || version.length() != LENGTH
                || version.charAt(4) != '-' || version.charAt(7) != '-') {
            return false;
        }
        int year = digits(version, 0, 4);
        int month = digits(version, 5, 7);
        int day = digits(version, 8, 10);
        if (year < 0 || month < 1 || month > 12 || day < 1) {
            return false;
        }
        return day <= DAYS[month - 1] && (month != 2 || day < 29 || isLeapYear(year));
    }

    /** Whether the version is a well-formed revision of {@link #FIRST_MODERN} or later. */
    public static boolean isModern(String version) {
        return isWellFormed(version) && version.compareTo(FIRST_MODERN) >= 0;
    }

    /**
     * Whether the version is a well-formed revision from {@link #V2024_11_05} up to, not including,
     * {@link #FIRST_MODERN}.
     */
    public static boolean isLegacy(String version) {
        return isWellFormed(version)
                && version.compareTo(FIRST_LEGACY) >= 0
                && version.compareTo(FIRST_MODERN) < 0;
    }

    /**
     * The era of a version: {@link Era#MODERN}, {@link Era#LEGACY}, or {@link Era#UNKNOWN} for
     * anything that is neither (malformed, or older than the first published revision).
     */
    public static Era eraOf(String version) {
        if (isModern(version)) {
            return Era.MODERN;
        }
        return isLegacy(version) ? Era.LEGACY : Era.UNKNOWN;
    }

    /** The decimal value of {@code text[from, to)}, or -1 when it holds anything but ASCII digits. */
    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static boolean isLeapYear(int year) {
        return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    }
}
