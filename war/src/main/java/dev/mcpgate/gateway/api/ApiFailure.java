package dev.mcpgate.gateway.api;

import dev.mcpgate.schema.CatalogueHistory;
import java.sql.SQLException;

/**
 * How the analytics API answers a call that failed:
 * <ul>
 *   <li>{@code 400 bad_parameter}: a parameter it cannot use ({@link BadParameterException});</li>
 *   <li>{@code 503 not_started}: {@code McpSessionFilter} has not started (yet) ({@link NotStartedException});</li>
 *   <li>{@code 503 store_unavailable}: the store is off, still opening, or its database failed (an
 *       {@link java.sql.SQLException} anywhere in the causes) — a condition that may pass;</li>
 *   <li>{@code 500 internal_error}: anything else, a defect; the client gets no detail, the server
 *       log the whole exception.</li>
 * </ul>
 *
 * @param status  the HTTP status
 * @param error   the body's {@code error}
 * @param parameter the body's {@code parameter}: the one a {@code 400} names
 * @param message the body's {@code message}
 * @param log     whether the exception goes to the server log (a failure, not the client's mistake)
 */
record ApiFailure(int status, String error, String parameter, String message, boolean log) {

    static final String BAD_PARAMETER = "bad_parameter";
    static final String NOT_STARTED = "not_started";
    static final String STORE_UNAVAILABLE = "store_unavailable";
    static final String INTERNAL_ERROR = "internal_error";

    /** The answer to a call that threw {@code failure}. */
    static ApiFailure of(RuntimeException failure) {
        if (failure instanceof BadParameterException bad) {
            return new ApiFailure(400, BAD_PARAMETER, bad.parameter(), bad.parameter() + ": " + bad.getMessage(), false);
        }
        if (failure instanceof NotStartedException) {
            return new ApiFailure(503, NOT_STARTED, null, failure.getMessage(), false);
        }
        if (failure instanceof AnalyticsApiServlet.StoreUnavailableException || failure instanceof CatalogueHistory.NotReady) {
            return new ApiFailure(503, STORE_UNAVAILABLE, null, failure.getMessage(), false);
        }
        SQLException database = databaseCause(failure);
        if (database != null) {
            return new ApiFailure(503, STORE_UNAVAILABLE, null, "the store's database failed"
                    + (database.getSQLState() == null ? "" : " (SQLState " + database.getSQLState() + ")")
                    + "; the server log has the details", true);
        }
        return new ApiFailure(500, INTERNAL_ERROR, null, "the API call failed; the server log has the details", true);
    }

    private static SQLException databaseCause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql) {
                return sql;
            }
        }
        return null;
    }

    /** {@code McpSessionFilter} has published no endpoint (yet): a 503 {@code not_started}. */
    static final class NotStartedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotStartedException(String message) {
            super(message);
        }
    }
}
