package dev.mcpgate.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
