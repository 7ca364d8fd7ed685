package dev.mcpgate.event;

import dev.mcpgate.protocol.ClientIdentity;
import dev.mcpgate.protocol.Era;
import dev.mcpgate.protocol.McpMethod;
import java.time.Instant;

/**
 * What the request thread hands to the catalogue history: the raw answer of a list method
 * ({@code tools/list}, {@code prompts/list}, {@code resources/list},
 * {@code resources/templates/list}) or of {@code initialize} / {@code server/discover}, or the
 * sighting of a {@code notifications/.../list_changed}. Not an {@link McpEvent}: it carries body
 * bytes that only the catalogue tracker reads, off the request thread.
 *
 * @param at        when the answer or notification was seen
 * @param endpoint  the endpoint name
 * @param method    the request's method, or the list-changed notification
 * @param era       the request's era
 * @param sessionId the client session ({@code Mcp-Session-Id}), or {@code null} (modern era, stateless)
 * @param principal the authenticated user's name, or {@code null}
 * @param client    the client's identity, never {@code null}
 * @param cursor    {@code params.cursor} of the request, or {@code null} for the first page
 * @param body      the JSON-RPC answer as UTF-8 bytes, or {@code null} for a notification
 */
public record CatalogueCapture(
        Instant at,
        String endpoint,
        McpMethod method,
        Era era,
        String sessionId,
        String principal,
        ClientIdentity client,
        String cursor,
        byte[] body) {

    /** A list-changed notification seen on any stream of the endpoint. */
    public static CatalogueCapture listChanged(Instant at, String endpoint, McpMethod notification, String sessionId) {
        return new CatalogueCapture(at, endpoint, notification, Era.UNKNOWN, sessionId, null, ClientIdentity.UNKNOWN,
                null, null);
    }

    /** Whether this is a list-changed notification rather than an answer. */
    public boolean isListChanged() {
        return body == null;
    }
}
