package dev.mcpgate.bridge;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.util.Map;

/**
 * How a translator answers the client, in the client's era. Exactly one of {@link #json}, {@link #empty} or
 * {@link #sse} per exchange; the filter observes what is written like any answer (the exchange's row, the
 * catalogue, the metrics).
 */
public interface ClientAnswer {

    /** One JSON body ({@code application/json}) with the given status and extra headers. */
    void json(int status, JsonObject message, Map<String, String> headers) throws IOException;

    /** A status without body (202 for a notification or a response, 200/404 for DELETE ...). */
    void empty(int status, Map<String, String> headers) throws IOException;

    /** Starts a {@code text/event-stream} answer with the given status and extra headers. */
    SseSink sse(int status, Map<String, String> headers) throws IOException;

    /** An SSE answer under way. */
    interface SseSink extends AutoCloseable {

        /** One {@code event: message} with the message as its data; {@code id} may be {@code null}. */
        void message(String id, JsonObject message) throws IOException;

        /** A comment line, to keep an idle stream alive; fails when the client has gone. */
        void keepAlive() throws IOException;

        /** Whether the client is still there (false once a write failed or the async context ended). */
        boolean open();

        /** Ends the stream (completes the exchange); idempotent. */
        @Override
        void close();
    }
}
