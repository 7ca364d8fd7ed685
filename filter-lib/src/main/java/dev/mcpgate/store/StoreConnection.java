package dev.mcpgate.store;

import dev.mcpgate.redact.Redaction;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The writer's database: opens the store on first use (connects and migrates, retried by the
 * writer until it works), keeps one connection and opens another when it was lost, and says why
 * the database could not be reached — once per reason, not once per retry.
 *
 * <p>When {@code close} gave up on a writer stuck in a database call, the connection is
 * {@link #abandon() abandoned}: from then on it opens nothing (nobody would close it; embedded Derby
 * would boot again after its shutdown), and the writer closes its last connection itself once its
 * call returns ({@link #closeOwn()}).
 */
final class StoreConnection {

    private static final Logger LOG = System.getLogger(StoreSink.class.getName()); // the sink's log lines

    private final String endpoint;
    private final StoreSink.StoreOpener opener;
    private final int maxPending;
    private volatile McpStore store;
    private volatile Connection connection;
    /** Why the last attempt to open or reconnect failed; null after one worked. Written by the writer only. */
    private volatile StoreFailure failure;
    private volatile boolean abandoned;
    private Connection lastOpened; // the writer's only

    /** @param maxPending the hold's bound, named in the line that says the database cannot be reached */
    StoreConnection(String endpoint, StoreSink.StoreOpener opener, int maxPending) {
        this.endpoint = endpoint;
        this.opener = opener;
        this.maxPending = maxPending;
    }

    /** The open store, or {@code null} while the database has not been reached yet. */
    McpStore store() {
        return store;
    }

    StoreFailure failure() {
        return failure;
    }

    boolean abandoned() {
        return abandoned;
    }

    /** The connection, opening the store or a new connection as needed; the writer's only. */
    Connection get() throws SQLException {
        refuseIfAbandoned();
        if (store == null) {
            McpStore opened;
            try {
                opened = opener.open();
            } catch (SQLException | RuntimeException | LinkageError e) {
                throw diagnosed(e, "its database");
            }
            if (abandoned) { // close() gave up while the store was being opened: nobody else would close it
                opened.close();
                refuseIfAbandoned();
            }
            store = opened;
        }
        Connection c = connection;
        if (c == null || c.isClosed()) {
            c = open();
        }
        return c;
    }

    private Connection open() throws SQLException {
        Connection c;
        try {
            c = QueryTimeout.bounded(store.dataSource().getConnection());
        } catch (SQLException | RuntimeException e) {
            throw diagnosed(e, store.databaseUrl());
        }
        connection = c;
        lastOpened = c;
        failure = null;
        c.setAutoCommit(false);
        if (abandoned) { // close() gave up while this connection was being opened
            close();
            refuseIfAbandoned();
        }
        return c;
    }

    private void refuseIfAbandoned() throws SQLException {
        if (abandoned) {
            throw new SQLException("McpGate store " + endpoint + " is closed");
        }
    }

    /**
     * The failure to open or reconnect as a {@link StoreOpenException}, said in one WARNING line when its
     * reason differs from the last attempt's: a database down for hours is one line, not one per retry.
     */
    private StoreOpenException diagnosed(Throwable e, String target) {
        StoreOpenException diagnosed = e instanceof StoreOpenException known ? known
                : new StoreOpenException(Redaction.url(target), e);
        if (diagnosed.failure() != failure) {
            String line = "McpGate store " + endpoint + ": " + diagnosed.getMessage() + ". MCP calls are served"
                    + " meanwhile; their events are held (up to store-max-pending=" + maxPending + ") and the store"
                    + " retries with back-off [" + diagnosed.failure().wireName() + "]";
            if (diagnosed.failure() == StoreFailure.OTHER) {
                LOG.log(Level.WARNING, line, e); // no known reason: the stack trace is the only clue
            } else {
                LOG.log(Level.WARNING, line);
            }
        }
        failure = diagnosed.failure();
        return diagnosed;
    }

    /** Closes the connection (after a failed write, or at close); the next {@link #get()} opens another. */
    void close() {
        Connection c = connection;
        connection = null;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                LOG.log(Level.DEBUG, "closing a store connection failed", e);
            }
        }
    }

    /** {@code close} gave up on the writer: nothing is opened any more. */
    void abandon() {
        abandoned = true;
    }

    /**
     * The writer's last connection, closed by the writer itself once its stuck call returned:
     * close()'s attempt may have failed (Derby refuses to close a connection in a transaction), and
     * the writer, now out of its call, is the only one that can still close it.
     */
    void closeOwn() {
        Connection own = lastOpened;
        lastOpened = null;
        if (own == null) {
            return;
        }
        try {
            if (!own.isClosed()) {
                try {
                    own.rollback(); // nothing uncommitted is wanted now; Derby closes only without a transaction
                } finally {
                    own.close();
                }
            }
        } catch (SQLException | RuntimeException e) {
            LOG.log(Level.DEBUG, "closing the store writer's connection failed", e);
        }
    }

    /** Closes the connection and the store (at the sink's close). */
    void closeStore() {
        close();
        McpStore current = store;
        if (current != null) {
            current.close();
        }
    }
}
