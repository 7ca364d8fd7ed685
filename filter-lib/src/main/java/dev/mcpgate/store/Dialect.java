package dev.mcpgate.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Locale;

/** The databases the store supports; each has its own migration scripts under {@code db/migration/}. */
public enum Dialect {
    DERBY("derby", "Derby"),
    POSTGRESQL("postgresql", "PostgreSQL");

    private final String folder;
    private final String eclipseLinkPlatform;

    Dialect(String folder, String eclipseLinkPlatform) {
        this.folder = folder;
        this.eclipseLinkPlatform = eclipseLinkPlatform;
    }

    /** The Flyway location of this database's scripts. */
    public String migrationLocation() {
        return "classpath:db/migration/" + folder;
    }

    /** The value of {@code eclipselink.target-database}. */
    String eclipseLinkPlatform() {
        return eclipseLinkPlatform;
    }

    /** The dialect of the database behind a connection. */
    public static Dialect of(Connection connection) throws SQLException {
        String product = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
        if (product.contains("derby")) {
            return DERBY;
        }
        if (product.contains("postgres")) {
            return POSTGRESQL;
        }
        // "not supported" in JDBC's words, so that StoreFailure reports it as unsupported_database
        throw new SQLFeatureNotSupportedException("McpGate store supports Apache Derby and PostgreSQL, not " + product);
    }
}
