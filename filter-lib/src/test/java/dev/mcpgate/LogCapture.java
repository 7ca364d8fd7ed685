package dev.mcpgate;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * What one JUL logger publishes at or above a level while this is open, for tests of log lines:
 * {@code try (LogCapture log = LogCapture.of(Foo.class.getName(), Level.WARNING)) { ... }}.
 * McpGate logs through {@code System.Logger}, which the JDK sends to JUL.
 */
public final class LogCapture extends Handler implements AutoCloseable {

    private final Logger logger;
    private final Level threshold;
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();

    private LogCapture(Logger logger, Level threshold) {
        this.logger = logger;
        this.threshold = threshold;
    }

    /** Starts collecting what the logger {@code name} publishes at {@code threshold} or above. */
    public static LogCapture of(String name, Level threshold) {
        LogCapture capture = new LogCapture(Logger.getLogger(name), threshold);
        capture.logger.addHandler(capture);
        return capture;
    }

    @Override
    public void publish(LogRecord record) {
        if (record.getLevel().intValue() >= threshold.intValue()) {
            records.add(record);
        }
    }

    /** The records so far. */
    public List<LogRecord> records() {
        return List.copyOf(records);
    }

    /** The records so far, each as a console handler formats its message (parameters filled in). */
    public List<String> lines() {
        SimpleFormatter formatter = new SimpleFormatter();
        return records.stream().map(formatter::formatMessage).toList();
    }

    @Override
    public void flush() {
    }

    /** Stops collecting; what was collected stays readable. */
    @Override
    public void close() {
        logger.removeHandler(this);
    }
}
