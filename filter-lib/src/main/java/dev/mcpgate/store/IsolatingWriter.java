package dev.mcpgate.store;

import dev.mcpgate.event.EventJson;
import dev.mcpgate.event.McpEvent;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * Writes a chunk of events through the {@link BatchWriter} so that one bad event costs only itself:
 * a chunk the database refuses for a data reason ({@link WriteFailure#DATA}: SQLState class 21, 22,
 * 23) is written again in halves, each in its own transaction, splitting further whatever is
 * refused again, until each refused event is alone; that event (whose text was already cleaned) is
 * set aside in {@code mcp_quarantine} and counted. The halves go in order, so {@link #settled()}
 * always counts a prefix of the chunk: what is settled is never written (or quarantined) twice if
 * the connection is lost half way. Any other failure is thrown: the writer retries the rest with
 * back-off.
 */
final class IsolatingWriter {

    private static final Logger LOG = System.getLogger(StoreSink.class.getName()); // the sink's log lines

    private final String endpoint;
    private final StoreHealth health;
    private final BatchWriter writer = new BatchWriter();
    private int settled;

    IsolatingWriter(String endpoint, StoreHealth health) {
        this.endpoint = endpoint;
        this.health = health;
    }

    /**
     * Writes the chunk and, when given, the health row in one transaction; a chunk refused for a data
     * reason is isolated as above (its health row is then left for the next write).
     *
     * @throws SQLException (or a driver's RuntimeException) when the database failed otherwise;
     *                      {@link #settled()} says how much of the chunk was settled before
     */
    void write(Connection c, List<McpEvent> chunk, boolean skipExisting, BatchWriter.Health row) throws SQLException {
        settled = 0;
        try {
            written(writer.write(c, chunk, skipExisting, row), chunk);
            if (row != null) {
                health.rowWritten(row);
            }
        } catch (SQLException | RuntimeException e) {
            if (chunk.isEmpty() || !refusedData(c, e)) {
                throw e;
            }
            isolate(c, chunk, skipExisting, e);
            health.reportSoon(); // the counts changed: report them with the next write
        }
    }

    /** The health row alone (the last one, at close). */
    void writeRow(Connection c, BatchWriter.Health row) throws SQLException {
        writer.write(c, List.of(), false, row);
    }

    /** Events of the chunk in hand that were written or set aside, a prefix of it. */
    int settled() {
        return settled;
    }

    private void written(BatchWriter.Result result, List<McpEvent> events) {
        if (!events.isEmpty()) {
            health.written(result.rows());
        }
        settled += events.size();
    }

    private void isolate(Connection c, List<McpEvent> events, boolean skipExisting, Throwable refusal)
            throws SQLException {
        if (events.size() == 1) {
            quarantine(c, events.get(0), refusal);
            settled++;
            return;
        }
        int half = events.size() / 2;
        for (List<McpEvent> part : List.of(events.subList(0, half), events.subList(half, events.size()))) {
            try {
                written(writer.write(c, part, skipExisting, null), part);
            } catch (SQLException | RuntimeException e) {
                if (!refusedData(c, e)) {
                    throw e;
                }
                isolate(c, part, skipExisting, e);
            }
        }
    }

    private void quarantine(Connection c, McpEvent event, Throwable refusal) throws SQLException {
        try {
            writer.quarantine(c, endpoint, event, WriteFailure.sqlState(refusal), WriteFailure.reason(refusal),
                    Instant.now());
            long quarantined = health.quarantined();
            if (quarantined == 1 || quarantined % 100 == 0) {
                LOG.log(Level.WARNING, "McpGate store {0}: the database refused a {1} event, set aside in "
                        + "mcp_quarantine ({2} since start): {3}", endpoint, EventJson.typeName(event), quarantined,
                        WriteFailure.logLine(refusal));
            }
        } catch (SQLException | RuntimeException e) {
            if (!refusedData(c, e)) {
                throw e;
            }
            // cannot happen with the cleaned, cut quarantine row; never let it hold up the rest either
            long dropped = health.dropped(1);
            LOG.log(Level.WARNING, "McpGate store " + endpoint + ": a refused " + EventJson.typeName(event)
                    + " event could not be quarantined either; dropped (" + dropped + " since start): "
                    + WriteFailure.logLine(e));
        }
    }

    /** Whether the database refused the data (and the connection is fine): then retrying the same batch is futile. */
    private static boolean refusedData(Connection c, Throwable failure) {
        if (WriteFailure.of(failure) != WriteFailure.DATA) {
            return false;
        }
        try {
            return !c.isClosed() && c.isValid(5);
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }
}
