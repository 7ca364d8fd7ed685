package dev.mcpgate.event;

import java.time.Instant;

/**
 * A request that looks like an attack on a session rather than a client's mistake: today, a legacy
 * session presented by another authenticated principal than the one that started it (a stolen or
 * guessed session id). Raised whether the guard refused the request ({@code enforce}: the client got
 * a 404 as for an unknown session) or only reported it; the request's own row says which.
 *
 * @param timestamp        when the request arrived
 * @param endpoint         the endpoint name
 * @param violation        what was found ({@link Violation#PRINCIPAL})
 * @param refused          whether the request was refused ({@code enforce}) or passed ({@code report})
 * @param sessionId        the session the request presented
 * @param sessionPrincipal the principal that started the session
 * @param requestPrincipal the principal that presented it, {@code null} when anonymous
 * @param remoteAddress    the client's address as the container saw it
 */
public record SecurityEvent(
        Instant timestamp,
        String endpoint,
        Violation violation,
        boolean refused,
        String sessionId,
        String sessionPrincipal,
        String requestPrincipal,
        String remoteAddress) implements McpEvent {
}
