package dev.mcpgate.event;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * Writes one JSON line per exchange to the {@link System.Logger} {@code dev.mcpgate.exchanges} at
 * INFO (and sessions and heartbeats likewise), for operators who want a trail without a database.
 * Switched on by the setting {@code log-exchanges}.
 */
public final class LogSink implements EventSink {

    /** The logger name; route it with the server's logging configuration. */
    public static final String LOGGER_NAME = "dev.mcpgate.exchanges";

    private final Logger logger;

    public LogSink() {
        this(System.getLogger(LOGGER_NAME));
    }

    LogSink(Logger logger) {
        this.logger = logger;
    }

    @Override
    public void accept(EventBatch batch) {
        if (!logger.isLoggable(Level.INFO)) {
            return;
        }
        for (McpEvent event : batch.events()) {
            logger.log(Level.INFO, EventJson.toJson(event));
        }
    }
}
