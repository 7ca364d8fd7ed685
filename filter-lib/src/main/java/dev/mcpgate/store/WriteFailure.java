package dev.mcpgate.store;

import dev.mcpgate.redact.LogText;
import dev.mcpgate.redact.Redaction;
import java.sql.SQLException;
import java.util.regex.Pattern;

/**
 * Why a write failed, which decides what the writer does next.
 *
 * <ul>
 *   <li>{@link #DATA}: the database refused what it was given — SQLState class 21 (cardinality),
 *       22 (data exception: a value too long, out of range, NUL in text) or 23 (integrity
 *       constraint). Retrying the same rows fails the same way, so the batch is split until the
 *       refused event is alone ({@link StoreSink}).</li>
 *   <li>{@link #TRANSIENT}: anything else — a lost connection (class 08, a closed connection), a
 *       deadlock or lock timeout (class 40), a database shutting down (class 57), a driver error.
 *       The rows are fine; the same batch is retried with back-off.</li>
 * </ul>
 * A connection-class state anywhere in the chain wins over a data-class one: a failure that lost
 * the connection is never taken for bad data. A {@link RuntimeException} with no SQLException in
 * its chain was thrown while binding an event (a {@code null} where a value is required, an instant
 * out of {@link java.sql.Timestamp}'s range): {@link #DATA} too. The writer still checks that its
 * connection is alive before it treats any failure as data.
 */
enum WriteFailure {
    DATA,
    TRANSIENT;

    /** Longest {@link #logLine} reason. */
    private static final int LOG_WIDTH = 300;
    /**
     * PostgreSQL's {@code Detail:} (and what follows it: {@code Hint:}, {@code Where:}) quotes the
     * refused values, a full session id among them ({@code Key (endpoint, session_id)=(a, 9f3c...)}).
     */
    private static final Pattern DETAIL = Pattern.compile("(?s)\\s*\\bDetail:.*");
    /** Derby's truncation message (22001) quotes the value it could not shrink. */
    private static final Pattern DERBY_SHRINK = Pattern.compile("(?s)(trying to shrink \\S+ )'.*'( to length)");
    /** PostgreSQL's batch message quotes the statement with its bound values. */
    private static final Pattern BATCH_ENTRY = Pattern.compile("(?s)Batch entry \\d+ .*? was aborted:\\s*");

    /** Classifies a failure by the SQLStates in its cause and next-exception chains. */
    static WriteFailure of(Throwable failure) {
        boolean data = false;
        boolean sql = false;
        for (Throwable t : Causes.of(failure)) {
            if (t instanceof SQLException first) {
                sql = true;
                int guard = 0;
                for (SQLException e = first; e != null && guard++ < 100; e = e.getNextException()) {
                    String state = e.getSQLState();
                    if (state == null || state.length() < 2) {
                        continue;
                    }
                    switch (state.substring(0, 2)) {
                        case "08" -> {
                            return TRANSIENT;
                        }
                        case "21", "22", "23" -> data = true;
                        default -> {
                        }
                    }
                }
            }
        }
        return data || (!sql && failure instanceof RuntimeException) ? DATA : TRANSIENT;
    }

    /**
     * What the database said, for a log line or the quarantine row: the message of the last exception
     * of the next-exception chain (a driver's BatchUpdateException only points to it).
     */
    static String reason(Throwable failure) {
        Throwable said = failure;
        if (failure instanceof SQLException e) {
            int guard = 0;
            SQLException next = e.getNextException();
            while (next != null && guard++ < 100) {
                said = next;
                next = next.getNextException();
            }
        }
        String message = said.getMessage();
        return said.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    /** The first SQLState in the chain, for the quarantine row; {@code null} when there is none. */
    static String sqlState(Throwable failure) {
        for (Throwable t : Causes.of(failure)) {
            if (t instanceof SQLException e && e.getSQLState() != null) {
                return e.getSQLState().length() > 5 ? e.getSQLState().substring(0, 5) : e.getSQLState();
            }
        }
        return null;
    }

    /**
     * A refused write as a log line may show it: the SQLState and the database's message, cleaned,
     * without the values it quotes (PostgreSQL's {@code Detail:} and the statement of a batch entry
     * are dropped, Derby's value too long is masked), with URLs redacted and line breaks escaped, cut to 300 characters. For data
     * failures, which are logged without a stack trace: the exception would carry the values again.
     */
    static String logLine(Throwable failure) {
        String reason = BATCH_ENTRY.matcher(reason(failure)).replaceFirst("");
        reason = DETAIL.matcher(reason).replaceFirst("");
        reason = DERBY_SHRINK.matcher(reason).replaceFirst("$1'" + Redaction.MASK + "'$2");
        String state = sqlState(failure);
        String line = (state == null ? "" : "SQLState " + state + ": ") + StoredText.clean(reason, LOG_WIDTH);
        return LogText.escape(Redaction.urlsIn(line));
    }
}
