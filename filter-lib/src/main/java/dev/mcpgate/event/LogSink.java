package dev.mcpgate.event;

import dev.mcpgate.redact.SessionIdDisplay;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.function.UnaryOperator;

/**
 * Writes one JSON line per exchange to the {@link System.Logger} {@code dev.mcpgate.exchanges} at
 * INFO (and sessions and heartbeats likewise), for operators who want a trail without a database.
 * Switched on by the setting {@code log-exchanges}. Session ids appear as the setting
 * {@code log-session-ids} says (a fingerprint by default); each line is one line, whatever names
 * and messages the client and server sent ({@link EventJson}).
 */
public final class LogSink implements EventSink {

    /** The logger name; route it with the server's logging configuration. */
    public static final String LOGGER_NAME = "dev.mcpgate.exchanges";

    private final Logger logger;
    private final UnaryOperator<String> sessionIds;

    /** Session ids as fingerprints. */
    public LogSink() {
        this(SessionIdDisplay.FINGERPRINT);
    }

    /** Session ids as {@code sessionIds} shows them. */
    public LogSink(SessionIdDisplay sessionIds) {
        this(System.getLogger(LOGGER_NAME), sessionIds);
    }

    LogSink(Logger logger, UnaryOperator<String> sessionIds) {
        this.logger = logger;
        this.sessionIds = sessionIds;
    }

    @Override
    public void accept(EventBatch batch) {
        if (!logger.isLoggable(Level.INFO)) {
            return;
        }
        for (McpEvent event : batch.events()) {
            logger.log(Level.INFO, EventJson.toJson(event, sessionIds));
        }
    }
}
