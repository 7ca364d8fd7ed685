package dev.mcpgate.bridge;

import dev.mcpgate.protocol.JsonRpcErrors;
import dev.mcpgate.session.SessionIdMint;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.security.Principal;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.LongSupplier;

/**
 * Legacy clients (2024-11-05 … 2025-11-25: {@code initialize}, {@code Mcp-Session-Id}, a GET stream, DELETE)
 * in front of a 2026-07-28 server, which keeps no session and answers no {@code initialize}.
 * <ul>
 *   <li>{@code initialize} is answered from the server's {@code server/discover} (the client's version when the
 *       bridge speaks it, else 2025-11-25; capabilities, serverInfo, instructions) with a session id the bridge
 *       mints and keeps (client info, capabilities, version, log level) — {@link MintedSessions};</li>
 *   <li>every other request goes to the server with {@code _meta} and the 2026-07-28 headers added
 *       ({@link ModernRequests}); the answer comes back as JSON or SSE, progress included ({@link CallRelay});
 *       an input-required result becomes server-to-client requests on the client's stream ({@link InputRounds});</li>
 *   <li>what 2026-07-28 removed is answered here: {@code ping}, {@code logging/setLevel} (kept, sent as
 *       {@code _meta} log level after), {@code resources/subscribe}/{@code unsubscribe} (kept, for the GET
 *       stream), {@code notifications/initialized} and other client notifications (202);
 *       {@code notifications/cancelled} closes the pending upstream call (the 2026-07-28 way to cancel);</li>
 *   <li>GET is the session's stream, fed from {@code subscriptions/listen} ({@link ListenStream}); DELETE ends
 *       the session (200); an unknown session is 404 (-32001), a missing one 400 (-32000).</li>
 * </ul>
 */
public final class LegacyToModernTranslator implements EraTranslator {

    static final int SESSION_ERROR = -32000;
    static final int SESSION_NOT_FOUND = -32001;
    static final String SESSION_HEADER = "Mcp-Session-Id";
    static final String MESSAGE_REQUIRED = "Bad Request: Mcp-Session-Id header is required; send initialize first";
    static final String MESSAGE_UNKNOWN = "Session not found: it expired or was ended; "
            + "send a new initialize request without Mcp-Session-Id to start a new session";
    static final String MESSAGE_FULL = "Service Unavailable: the bridge holds its maximum number of sessions "
            + "(bridge-max-sessions); try again later";

    /** The legacy revisions the bridge speaks to a client; another requested version gets the last. */
    static final Set<String> LEGACY_VERSIONS = Set.of("2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25");

    private final BridgeUpstream upstream;
    private final ScheduledExecutorService scheduler;
    private final MintedSessions sessions;
    private final DiscoverResults discover;
    private final ParamHeaders params = new ParamHeaders();
    private final CallRelay relay;

    public LegacyToModernTranslator(BridgeUpstream upstream, BridgeSettings settings,
            ScheduledExecutorService scheduler) {
        this(upstream, settings, scheduler, new SessionIdMint(), System::nanoTime);
    }

    LegacyToModernTranslator(BridgeUpstream upstream, BridgeSettings settings, ScheduledExecutorService scheduler,
            SessionIdMint mint, LongSupplier clock) {
        this.upstream = upstream;
        this.scheduler = scheduler;
        this.sessions = new MintedSessions(settings, scheduler, mint, clock);
        this.discover = new DiscoverResults(upstream, clock);
        this.relay = new CallRelay(upstream, params, new InputRounds(settings.inputTimeout()));
    }

    @Override
    public void handle(ClientCall call, ClientAnswer answer) throws IOException, InterruptedException {
        switch (call.httpMethod()) {
            case "POST" -> post(call, answer);
            case "GET" -> get(call, answer);
            case "DELETE" -> delete(call, answer);
            default -> answer.empty(405, Map.of("Allow", "GET, POST, DELETE"));
        }
    }

    private void post(ClientCall call, ClientAnswer answer) throws IOException, InterruptedException {
        JsonObject message = call.message().orElse(null);
        if (message == null) {
            error(answer, 400, null, JsonRpcErrors.INVALID_REQUEST, "Bad Request: a POST carries one JSON-RPC message");
            return;
        }
        if ("initialize".equals(message.getString("method", null))) {
            initialize(call, message, answer);
            return;
        }
        MintedSession session = session(call, message.get("id"), answer);
        if (session == null) {
            return;
        }
        if (!message.containsKey("method")) {
            JsonValue id = message.get("id");
            session.answered(id == null ? "" : CallRelay.idKey(id), message);
            answer.empty(202, Map.of());
        } else if (!message.containsKey("id")) {
            notification(session, message);
            answer.empty(202, Map.of());
        } else {
            request(call, session, message, answer);
        }
    }

    private void request(ClientCall call, MintedSession session, JsonObject message, ClientAnswer answer)
            throws IOException, InterruptedException {
        JsonValue id = message.get("id");
        JsonObject p = message.get("params") instanceof JsonObject o ? o : JsonValue.EMPTY_JSON_OBJECT;
        switch (message.getString("method")) {
            case "ping" -> answer.json(200, LegacyMessages.result(id, JsonValue.EMPTY_JSON_OBJECT), Map.of());
            case "logging/setLevel" -> {
                session.logLevel(p.getString("level", null));
                answer.json(200, LegacyMessages.result(id, JsonValue.EMPTY_JSON_OBJECT), Map.of());
            }
            case "resources/subscribe", "resources/unsubscribe" -> subscribe(session, message, p, answer);
            default -> relay.relay(message, session, call.authorization().orElse(null), answer);
        }
    }

    private static void subscribe(MintedSession session, JsonObject message, JsonObject p, ClientAnswer answer)
            throws IOException {
        JsonValue id = message.get("id");
        if (!(p.get("uri") instanceof JsonString uri)) {
            answer.json(200, LegacyMessages.error(id, LegacyMessages.INVALID_PARAMS, "params.uri is required"),
                    Map.of());
            return;
        }
        if (!session.subscribe(uri.getString(), "resources/subscribe".equals(message.getString("method")))) {
            answer.json(200, LegacyMessages.error(id, LegacyMessages.INVALID_PARAMS, "the session subscribes to "
                    + MintedSession.MAX_SUBSCRIPTIONS + " resources already (the McpGate bridge's limit); "
                    + "unsubscribe from one first"), Map.of());
            return;
        }
        answer.json(200, LegacyMessages.result(id, JsonValue.EMPTY_JSON_OBJECT), Map.of());
    }

    private static void notification(MintedSession session, JsonObject message) {
        if ("notifications/cancelled".equals(message.getString("method"))
                && message.get("params") instanceof JsonObject p && p.get("requestId") != null) {
            session.cancel(CallRelay.idKey(p.get("requestId")));
        }
        // notifications/initialized, roots/list_changed ...: nothing to tell a server that keeps no session
    }

    private void initialize(ClientCall call, JsonObject message, ClientAnswer answer)
            throws IOException, InterruptedException {
        JsonValue id = message.get("id");
        JsonObject p = message.get("params") instanceof JsonObject o ? o : JsonValue.EMPTY_JSON_OBJECT;
        String requested = p.getString("protocolVersion", "");
        String version = LEGACY_VERSIONS.contains(requested) ? requested : MetaKeys.LEGACY_VERSION;
        JsonObject clientInfo = p.get("clientInfo") instanceof JsonObject c ? c : null;
        JsonObject capabilities = p.get("capabilities") instanceof JsonObject c ? c : JsonValue.EMPTY_JSON_OBJECT;
        String authorization = call.authorization().orElse(null);
        JsonObject found;
        try {
            found = discover.get(new ModernRequests.Caller(clientInfo, capabilities, null, authorization));
        } catch (DiscoverResults.Refused e) {
            answer.json(200, LegacyMessages.response(e.response(), id, "server/discover"), Map.of());
            return;
        } catch (IOException e) {
            error(answer, CallRelay.BAD_GATEWAY, id, JsonRpcErrors.INTERNAL_ERROR,
                    "The bridge could not reach the 2026-07-28 server: " + e.getMessage());
            return;
        }
        MintedSession session = sessions.create(name(call.principal()), version, clientInfo, capabilities);
        if (session == null) {
            answer.json(503, LegacyMessages.error(id, SESSION_ERROR, MESSAGE_FULL), Map.of("Retry-After", "60"));
            return;
        }
        answer.json(200, LegacyMessages.result(id, InitializeResults.from(found, version)),
                Map.of(SESSION_HEADER, session.id()));
    }

    private void get(ClientCall call, ClientAnswer answer) throws IOException, InterruptedException {
        MintedSession session = session(call, null, answer);
        if (session != null) {
            ListenStream.serve(upstream, session, call.authorization().orElse(null), discover::invalidate, scheduler,
                    answer);
        }
    }

    private void delete(ClientCall call, ClientAnswer answer) throws IOException {
        MintedSession session = session(call, null, answer);
        if (session != null) {
            sessions.remove(session.id());
            answer.empty(200, Map.of());
        }
    }

    /** The call's live session, or {@code null} after answering 400 (none named) or 404 (unknown). */
    private MintedSession session(ClientCall call, JsonValue id, ClientAnswer answer) throws IOException {
        String sessionId = call.header(SESSION_HEADER).orElse(null);
        if (sessionId == null || sessionId.isEmpty()) {
            error(answer, 400, id, SESSION_ERROR, MESSAGE_REQUIRED);
            return null;
        }
        MintedSession session = sessions.find(sessionId, name(call.principal()));
        if (session == null) {
            error(answer, 404, id, SESSION_NOT_FOUND, MESSAGE_UNKNOWN);
        }
        return session;
    }

    private static void error(ClientAnswer answer, int status, JsonValue id, int code, String message)
            throws IOException {
        answer.json(status, LegacyMessages.error(id, code, message), Map.of());
    }

    private static String name(Principal principal) {
        return principal == null ? null : principal.getName();
    }

    /** Sessions held now (tests, metrics). */
    int sessionCount() {
        return sessions.size();
    }

    @Override
    public void close() {
        sessions.close();
    }
}
