package dev.mcpgate.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

class WriteFailureTest {

    @Test
    void dataStatesAreDataAndConnectionStatesWin() {
        assertEquals(WriteFailure.DATA, WriteFailure.of(new SQLException("NUL", "22021")));
        assertEquals(WriteFailure.DATA, WriteFailure.of(new SQLException("duplicate", "23505")));
        BatchUpdateException batch = new BatchUpdateException("Batch entry 0 ... see next", "22001", new int[0]);
        batch.setNextException(new SQLException("value too long for type character varying(36)", "22001"));
        assertEquals(WriteFailure.DATA, WriteFailure.of(batch));
        assertEquals("SQLException: value too long for type character varying(36)", WriteFailure.reason(batch));
        assertEquals("22001", WriteFailure.sqlState(batch));
        SQLException lost = new SQLException("batch failed", "22001");
        lost.setNextException(new SQLTransientConnectionException("I/O error", "08006"));
        assertEquals(WriteFailure.TRANSIENT, WriteFailure.of(lost), "a lost connection is never bad data");
        assertEquals(WriteFailure.TRANSIENT, WriteFailure.of(new SQLException("deadlock", "40P01")));
        assertEquals(WriteFailure.TRANSIENT, WriteFailure.of(new SQLException("no state")));
        assertEquals(WriteFailure.TRANSIENT, WriteFailure.of(new AssertionError("driver on a dead socket")));
        assertEquals(WriteFailure.DATA, WriteFailure.of(new NullPointerException("era")), "thrown while binding");
        assertEquals(WriteFailure.TRANSIENT, WriteFailure.of(new IllegalStateException("x",
                new SQLException("closed", "08003"))));
    }

    @Test
    void theLogLineOfARefusalShowsTheStateAndMessageButNotTheValuesItQuotes() {
        String session = "9f3c1d2e-7b6a-4c5d-8e9f-0a1b2c3d4e5f";
        SQLException duplicate = new SQLException("ERROR: duplicate key value violates unique constraint "
                + "\"mcp_session_uk\"\n  Detail: Key (endpoint, session_id)=(mcp, " + session + ") already exists.",
                "23505");
        assertEquals("SQLState 23505: SQLException: ERROR: duplicate key value violates unique constraint "
                + "\"mcp_session_uk\"", WriteFailure.logLine(duplicate));

        BatchUpdateException batch = new BatchUpdateException("Batch entry 0 INSERT INTO mcp_session VALUES (('"
                + session + "')) was aborted: ERROR: duplicate key\n  Detail: Key (session_id)=(" + session
                + ")  Call getNextException to see other errors in the batch.", "23505", new int[0]);
        String line = WriteFailure.logLine(batch);
        assertFalse(line.contains(session.substring(0, 8)), line);
        assertEquals("SQLState 23505: BatchUpdateException: ERROR: duplicate key", line);

        assertEquals("SQLState 22021: SQLException: bad\\nline at jdbc:postgresql://db/x?password=***",
                WriteFailure.logLine(new SQLException("bad\nline at jdbc:postgresql://db/x?password=pw", "22021")));
        assertEquals("NullPointerException: era", WriteFailure.logLine(new NullPointerException("era")));
        assertEquals("SQLState 22001: SQLException: A truncation error was encountered trying to shrink VARCHAR "
                + "'***' to length 36.", WriteFailure.logLine(new SQLException("A truncation error was encountered "
                + "trying to shrink VARCHAR '" + session + "x' to length 36.", "22001")));
        BatchUpdateException lost = new BatchUpdateException("Batch entry 3 INSERT INTO mcp_request VALUES ('"
                + session + "') was aborted: An I/O error occurred while sending to the backend.", "08006", new int[0]);
        assertEquals("SQLState 08006: BatchUpdateException: An I/O error occurred while sending to the backend.",
                WriteFailure.logLine(lost), "a lost connection's batch message quotes the values too");
    }
}
