package dev.mcpgate.intercept;

import jakarta.json.JsonObject;

/**
 * The server's answer to one request, as the response phase sees it: either a result or a JSON-RPC
 * error. Only answers that are JSON-RPC responses (a JSON body, or the SSE event carrying the response
 * to this request's id) reach the response phase; anything else passes unchanged.
 */
public interface InterceptedResponse {

    /** The HTTP status of the answer. */
    int status();

    /** The result object, or {@code null} when the answer is an error. */
    JsonObject result();

    /** The error object ({@code code}, {@code message}, {@code data}), or {@code null} for a result. */
    JsonObject error();

    /** Whether the answer came as a server-sent event rather than a JSON body. */
    boolean streamed();
}
