package dev.mcpgate.store;

import java.sql.SQLException;

/**
 * The store could not open (or reconnect to) its database: the {@link StoreFailure} reason and a
 * one-line message that names the database without credentials. The original failure is the cause.
 */
public final class StoreOpenException extends SQLException {

    private static final long serialVersionUID = 1L;

    private final StoreFailure failure;

    /**
     * @param target the database as configured, without credentials (a redacted JDBC URL, a JNDI name)
     * @param cause  what opening it threw
     */
    public StoreOpenException(String target, Throwable cause) {
        this(StoreFailure.of(cause), target, cause);
    }

    private StoreOpenException(StoreFailure failure, String target, Throwable cause) {
        super(failure.describe(target, cause), cause instanceof SQLException s ? s.getSQLState() : null, cause);
        this.failure = failure;
    }

    /** Why, as a closed set. */
    public StoreFailure failure() {
        return failure;
    }
}
