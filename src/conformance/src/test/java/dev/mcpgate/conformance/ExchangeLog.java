package dev.mcpgate.conformance;

import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The {@code request_completed} lines a filter with {@code log-exchanges=true} writes to the logger
 * {@code dev.mcpgate.exchanges}: the proof that a target's exchanges really went through the filter.
 * (A {@code META-INF/services} sink would not do: the gateway WAR in this JVM would see the file too.)
 */
final class ExchangeLog extends Handler {

    private static final String LOGGER = "dev.mcpgate.exchanges";
    // found once on the test's thread: the gateway WAR's threads (same JVM, same JUL logger) have its class loader
    private static final JsonProvider JSON = JsonProvider.provider();
    private final List<JsonObject> lines = new CopyOnWriteArrayList<>();
    // keep the logger strongly reachable: JUL holds loggers weakly, and a collected one loses its handler
    private final Logger logger = Logger.getLogger(LOGGER);

    static ExchangeLog install() {
        ExchangeLog log = new ExchangeLog();
        log.setLevel(Level.ALL);
        log.logger.addHandler(log);
        log.logger.setUseParentHandlers(false); // hundreds of JSON lines a run: kept here, not in the build log
        return log;
    }

    void uninstall() {
        logger.removeHandler(this);
        logger.setUseParentHandlers(true);
    }

    @Override
    public void publish(LogRecord record) {
        String message = record.getMessage();
        if (message != null && message.startsWith("{")) {
            try (JsonReader r = JSON.createReader(new StringReader(message))) {
                lines.add(r.readObject());
            } catch (RuntimeException notJson) {
                // another line of that logger: not an event
            }
        }
    }

    /** The completed exchanges of one endpoint. */
    List<JsonObject> completed(String endpoint) {
        return lines.stream()
                .filter(o -> "request_completed".equals(o.getString("type", "")))
                .filter(o -> endpoint.equals(o.getString("endpoint", "")))
                .toList();
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
}
