package dev.mcpgate.store;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * The store keeps times as UTC wall-clock {@code TIMESTAMP}s (no zone in the column): the JDBC writers
 * bind them with a UTC calendar, the entities map them as {@link LocalDateTime}. These are the
 * conversions between an {@link Instant} and that wall-clock time. EclipseLink reads a column through
 * {@code ResultSet.getTimestamp} without a calendar, i.e. in the JVM's default zone: a wall-clock time
 * that does not exist in that zone (inside its spring-forward gap) comes back an hour later. The README
 * (Limitations) says to run the JVM in UTC; a zone-free read is open work.
 */
final class UtcTime {

    private UtcTime() {
    }

    /** The UTC wall-clock time of an instant; {@code null} for {@code null}. */
    static LocalDateTime local(Instant instant) {
        return instant == null ? null : LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    /** The instant of a UTC wall-clock time; {@code null} for {@code null}. */
    static Instant instant(LocalDateTime utc) {
        return utc == null ? null : utc.toInstant(ZoneOffset.UTC);
    }

    /** A UTC wall-clock time as a parameter of a native query (a JDBC timestamp of the same wall-clock time). */
    static Timestamp sql(Instant instant) {
        return Timestamp.valueOf(local(instant));
    }
}
