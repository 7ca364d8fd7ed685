package dev.mcpgate.store;

import dev.mcpgate.redact.Redaction;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * Why the store cannot open its database, as an operator acts on it: the store's health reports
 * it ({@link #wireName()}, e.g. {@code unreachable}) and its writer says it in one log line, once
 * per change of reason, not once per retry.
 *
 * <p>The classification reads the whole cause chain of the failure: SQLState classes {@code 28}
 * and {@code 08004} are authentication, class {@code 08} and the {@code java.net} connection
 * exceptions are unreachable, "No suitable driver" is a missing driver, and Flyway's "Unsupported
 * Database" or McpGate's own dialect check ({@link SQLFeatureNotSupportedException}) an unsupported
 * database. The first that applies in that order wins (a missing driver is also reported as SQLState
 * {@code 08001} by {@link java.sql.DriverManager}).
 */
public enum StoreFailure {
    /** The database server does not answer at the configured address (down, wrong host or port, firewall). */
    UNREACHABLE("unreachable", "cannot be reached",
            "check that it runs and that the URL names its host and port"),
    /** No JDBC driver in the application (or the server) accepts the configured URL. */
    DRIVER_MISSING("driver_missing", "has no JDBC driver in this application",
            "add the database's JDBC driver to the application (WEB-INF/lib)"),
    /** A database the store cannot write to, or Flyway's module for it is missing. */
    UNSUPPORTED_DATABASE("unsupported_database", "is not supported",
            "McpGate stores to Apache Derby and PostgreSQL 12 or later, and needs Flyway's module for it "
                    + "(flyway-database-derby or flyway-database-postgresql) in the application"),
    /** The database refused the login. */
    AUTHENTICATION("authentication", "refused the login",
            "check store-user and store-password (or the data source's credentials)"),
    /** Anything else: the cause says what. */
    OTHER("other", "cannot be opened", "the stack trace that follows says more");

    private static final int MAX_CAUSE_TEXT = 300;

    private final String wireName;
    private final String problem;
    private final String remedy;

    StoreFailure(String wireName, String problem, String remedy) {
        this.wireName = wireName;
        this.problem = problem;
        this.remedy = remedy;
    }

    /** The name in the health API and the heartbeat, e.g. {@code driver_missing}. */
    public String wireName() {
        return wireName;
    }

    /** The reason {@code failure} (and its causes) stand for. */
    public static StoreFailure of(Throwable failure) {
        if (anyCause(failure, StoreFailure::isMissingDriver)) {
            return DRIVER_MISSING;
        }
        if (anyCause(failure, StoreFailure::isAuthentication)) {
            return AUTHENTICATION;
        }
        if (anyCause(failure, StoreFailure::isUnsupported)) {
            return UNSUPPORTED_DATABASE;
        }
        if (anyCause(failure, StoreFailure::isUnreachable)) {
            return UNREACHABLE;
        }
        return OTHER;
    }

    /**
     * One line for the log and the health's last error: what failed where, the innermost cause, and
     * what to do — for example {@code the database jdbc:postgresql://db:5432/mcpgate cannot be
     * reached (ConnectException: Connection refused); check that it runs and ...}.
     *
     * @param target  the database as the user configured it, already without credentials (see {@link Redaction#url})
     * @param failure what the opening threw
     */
    public String describe(String target, Throwable failure) {
        return "the database " + target + " " + problem + " (" + innermost(failure) + "); " + remedy;
    }

    /** The innermost cause as {@code SimpleName: message}, on one line, redacted and cut. */
    private static String innermost(Throwable failure) {
        List<Throwable> chain = Causes.of(failure);
        Throwable inner = chain.get(chain.size() - 1);
        String message = inner.getMessage() == null ? "" : ": " + inner.getMessage();
        String text = Redaction.urlsIn(inner.getClass().getSimpleName() + message).replaceAll("\\s+", " ").strip();
        return text.length() <= MAX_CAUSE_TEXT ? text : text.substring(0, MAX_CAUSE_TEXT) + "…";
    }

    private static boolean anyCause(Throwable failure, Predicate<Throwable> test) {
        return Causes.of(failure).stream().anyMatch(test);
    }

    private static boolean isMissingDriver(Throwable t) {
        return t instanceof SQLException && t.getMessage() != null && t.getMessage().startsWith("No suitable driver");
    }

    private static boolean isAuthentication(Throwable t) {
        String state = t instanceof SQLException s ? s.getSQLState() : null;
        return state != null && (state.startsWith("28") || state.equals("08004"));
    }

    private static boolean isUnsupported(Throwable t) {
        if (t instanceof SQLFeatureNotSupportedException) {
            return true; // Dialect: neither Derby nor PostgreSQL
        }
        String name = t.getClass().getName();
        String message = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
        return name.startsWith("org.flywaydb.")
                && (message.startsWith("unsupported database") || name.endsWith("UpgradeRequiredException"));
    }

    private static boolean isUnreachable(Throwable t) {
        if (t instanceof ConnectException || t instanceof UnknownHostException || t instanceof NoRouteToHostException
                || t instanceof SocketTimeoutException || t instanceof SQLTransientConnectionException
                || t instanceof SQLNonTransientConnectionException) {
            return true;
        }
        String state = t instanceof SQLException s ? s.getSQLState() : null;
        return state != null && state.startsWith("08");
    }
}
