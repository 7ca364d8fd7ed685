package dev.mcpgate.web;

import jakarta.json.JsonObject;

/**
 * Rewrites the server's JSON-RPC answer to one request before the client sees it (the interceptors'
 * response phase). Given to {@link ObservedResponse#holdForRewrite}.
 */
public interface AnswerRewriter {

    /**
     * @param message the JSON-RPC response (result or error) that answers the request
     * @return the message to send instead, or {@code message} itself (the same instance) when unchanged
     */
    JsonObject rewrite(JsonObject message);
}
