package dev.mcpgate.web;

import jakarta.json.JsonObject;

/**
 * Rewrites the server's JSON-RPC answer to one request before the client sees it: the response phase of
 * the interceptor chain, as the held-back response body calls it once the answer is whole (a JSON body,
 * or the SSE event whose data is the response to the request's id).
 */
@FunctionalInterface
public interface AnswerRewriter {

    /**
     * The message the client gets instead of {@code responseMessage}.
     *
     * @param responseMessage the whole JSON-RPC response ({@code jsonrpc}, {@code id}, {@code result} or
     *                        {@code error}) as the server wrote it
     * @return the message to write; the same instance when nothing changed (the held bytes then pass as
     *         they were)
     */
    JsonObject rewrite(JsonObject responseMessage);
}
