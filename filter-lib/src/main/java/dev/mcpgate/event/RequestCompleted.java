package dev.mcpgate.event;

import dev.mcpgate.protocol.ClientIdentity;
import dev.mcpgate.protocol.Era;
import java.time.Instant;

/**
 * One exchange at an MCP endpoint: an HTTP request and its whole response (JSON body or SSE
 * stream), recorded once, when the response completed.
 *
 * @param id              time-ordered unique id (UUID version 7 text, its time the exchange's
 *                        completion). The filter records the exchange without it and the
 *                        dispatcher renders it, off the request thread, before any sink or observer
 *                        sees the event ({@link #withId}): only an event still in the filter's queue
 *                        has {@code null} here.
 * @param timestamp       when the request arrived
 * @param endpoint        the endpoint name
 * @param sessionId       the client session ({@code Mcp-Session-Id}), or {@code null} (modern era,
 *                        or before the session exists)
 * @param era             the protocol era of the exchange
 * @param protocolVersion the MCP revision the client spoke, or {@code null} when unknown
 * @param httpMethod      {@code POST}, {@code GET}, {@code DELETE}, ...
 * @param httpStatus      the response status
 * @param mcpMethod       the JSON-RPC method, {@code null} for GET/DELETE and for responses sent
 *                        by the client
 * @param jsonRpcId       the JSON-RPC id as text (string ids as they are, numbers as written), or
 *                        {@code null}
 * @param target          the tool name ({@code tools/call}), prompt name ({@code prompts/get}) or
 *                        resource URI ({@code resources/read}, ...), or {@code null}
 * @param outcome         how it ended
 * @param errorCode       the JSON-RPC error code, or {@code null}
 * @param errorMessage    the error message (JSON-RPC error or tool error text), at most 512
 *                        characters, or {@code null}
 * @param latencyMicros   from the request's arrival to the response's completion
 * @param bytesIn         request body bytes
 * @param bytesOut        response body bytes
 * @param client          the client's identity (from the session, the request, or {@code _meta})
 * @param principal       the authenticated user's name, or {@code null}
 * @param sse             whether the response was a {@code text/event-stream}
 * @param messagesOut     JSON-RPC messages the response carried (an SSE stream may carry several)
 * @param violation       what the guard found against the exchange, or {@code null}: with outcome
 *                        {@link Outcome#REJECTED} what refused it, with any other outcome what it
 *                        only reported (see {@link Violation})
 * @param rule            the rule (or interceptor) that blocked, mocked or changed the exchange, or {@code null}
 * @param upstreamEra     the era of the server the era bridge translated the exchange for ({@code era} is the
 *                        client's), or {@code null} when the exchange was not bridged
 * @param bridgeLeg       whether the exchange is the era bridge's own call to the server (the upstream leg of a
 *                        bridged exchange, or its era probe)
 */
public record RequestCompleted(
        String id,
        Instant timestamp,
        String endpoint,
        String sessionId,
        Era era,
        String protocolVersion,
        String httpMethod,
        int httpStatus,
        String mcpMethod,
        String jsonRpcId,
        String target,
        Outcome outcome,
        Integer errorCode,
        String errorMessage,
        long latencyMicros,
        long bytesIn,
        long bytesOut,
        ClientIdentity client,
        String principal,
        boolean sse,
        int messagesOut,
        Violation violation,
        String rule,
        Era upstreamEra,
        boolean bridgeLeg) implements McpEvent {

    /** An exchange the era bridge had no part in. */
    public RequestCompleted(String id, Instant timestamp, String endpoint, String sessionId, Era era,
                            String protocolVersion, String httpMethod, int httpStatus, String mcpMethod,
                            String jsonRpcId, String target, Outcome outcome, Integer errorCode, String errorMessage,
                            long latencyMicros, long bytesIn, long bytesOut, ClientIdentity client, String principal,
                            boolean sse, int messagesOut, Violation violation, String rule) {
        this(id, timestamp, endpoint, sessionId, era, protocolVersion, httpMethod, httpStatus, mcpMethod, jsonRpcId,
                target, outcome, errorCode, errorMessage, latencyMicros, bytesIn, bytesOut, client, principal, sse,
                messagesOut, violation, rule, null, false);
    }

    /** An exchange no interceptor decided anything about. */
    public RequestCompleted(String id, Instant timestamp, String endpoint, String sessionId, Era era,
                            String protocolVersion, String httpMethod, int httpStatus, String mcpMethod,
                            String jsonRpcId, String target, Outcome outcome, Integer errorCode, String errorMessage,
                            long latencyMicros, long bytesIn, long bytesOut, ClientIdentity client, String principal,
                            boolean sse, int messagesOut, Violation violation) {
        this(id, timestamp, endpoint, sessionId, era, protocolVersion, httpMethod, httpStatus, mcpMethod, jsonRpcId,
                target, outcome, errorCode, errorMessage, latencyMicros, bytesIn, bytesOut, client, principal, sse,
                messagesOut, violation, null, null, false);
    }

    /** An exchange the guard found nothing against. */
    public RequestCompleted(String id, Instant timestamp, String endpoint, String sessionId, Era era,
                            String protocolVersion, String httpMethod, int httpStatus, String mcpMethod,
                            String jsonRpcId, String target, Outcome outcome, Integer errorCode, String errorMessage,
                            long latencyMicros, long bytesIn, long bytesOut, ClientIdentity client, String principal,
                            boolean sse, int messagesOut) {
        this(id, timestamp, endpoint, sessionId, era, protocolVersion, httpMethod, httpStatus, mcpMethod, jsonRpcId,
                target, outcome, errorCode, errorMessage, latencyMicros, bytesIn, bytesOut, client, principal, sse,
                messagesOut, null, null, null, false);
    }

    /** When the exchange completed: its arrival plus its latency, in Unix milliseconds. */
    public long completedEpochMillis() {
        return timestamp.toEpochMilli() + latencyMicros / 1000;
    }

    /** This event with {@code id} as its id. */
    public RequestCompleted withId(String id) {
        return new RequestCompleted(id, timestamp, endpoint, sessionId, era, protocolVersion, httpMethod, httpStatus,
                mcpMethod, jsonRpcId, target, outcome, errorCode, errorMessage, latencyMicros, bytesIn, bytesOut,
                client, principal, sse, messagesOut, violation, rule, upstreamEra, bridgeLeg);
    }
}
