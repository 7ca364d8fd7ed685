package dev.mcpgate.bridge;

import dev.mcpgate.protocol.JsonRpcErrors;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * 2026-07-28 clients in front of a legacy (2024-11-05 … 2025-11-25) server. Each client request is checked as a
 * 2026-07-28 server checks it ({@link ModernRequest}), then sent on the pooled upstream session of its caller and
 * client ({@link PooledUpstreamSessions}) with that session's headers; the answer comes back in the 2026-07-28
 * shape ({@link AnswerMapping}): as one JSON body when the server's stream holds nothing but the response, as an
 * SSE stream once a request-scoped notification (progress, log message) comes first. {@code server/discover} is
 * answered from the server's initialize result ({@link DiscoverCache}).
 *
 * <p>Multi round-trip requests: a server-to-client request of the legacy server (elicitation, sampling, roots)
 * on the stream of a {@code tools/call}, {@code prompts/get} or {@code resources/read} becomes an
 * {@code input_required} result for the client when it declared the capability; the upstream call stays parked
 * ({@link InputWaits}) until the client retries with {@code inputResponses} and the {@code requestState}, whose
 * answers are POSTed to the server as the responses it waits for, and the parked stream is relayed on.
 * Otherwise the server's request gets a JSON-RPC error, as a legacy client without the capability would send.
 */
public final class ModernToLegacyTranslator implements EraTranslator {

    private static final System.Logger LOG = System.getLogger(ModernToLegacyTranslator.class.getName());
    /** 2025-11-25 methods that 2026-07-28 removed: answered 404 -32601 here, never forwarded. */
    private static final Set<String> REMOVED = Set.of("initialize", "ping", "logging/setLevel",
            "resources/subscribe", "resources/unsubscribe");
    /** The requests on which a 2026-07-28 server may answer input_required (mrtr.mdx). */
    private static final Set<String> MRTR_METHODS = Set.of("tools/call", "prompts/get", "resources/read");
    private static final Map<String, String> INPUT_CAPABILITY = Map.of("elicitation/create", "elicitation",
            "sampling/createMessage", "sampling", "roots/list", "roots");
    /** Where a legacy server may name the input key of its request (a McpGate convention, see the README). */
    static final String INPUT_KEY = "dev.mcpgate/inputKey";
    /** The log levels of RFC 5424, least severe first. */
    private static final java.util.List<String> LOG_LEVELS = java.util.List.of("debug", "info", "notice", "warning",
            "error", "critical", "alert", "emergency");
    /** How long after a server-to-client request the bridge waits for more to ask the client at once. */
    /**
     * How long the bridge waits for further requests of the server after its first: a human answers them, so
     * 150 ms is nothing to wait, and the requests a loaded server sends together stay together (30 ms split them).
     */
    private static final long GATHER_NANOS = Duration.ofMillis(150).toNanos();
    private static final int MAX_ERROR_BODY = 64 * 1024;
    private static final Map<String, String> SSE_HEADERS = Map.of("X-Accel-Buffering", "no");

    private final BridgeUpstream upstream;
    private final PooledUpstreamSessions sessions;
    private final AnswerMapping mapping;
    private final DiscoverCache discover = new DiscoverCache();
    private final CacheScope cacheScope;
    private final InputWaits waits;
    private final ListenRelay listenRelay;
    private final ScheduledFuture<?> sweep;

    public ModernToLegacyTranslator(BridgeUpstream upstream, BridgeSettings settings,
            ScheduledExecutorService scheduler) {
        this.upstream = Objects.requireNonNull(upstream, "upstream");
        this.sessions = new PooledUpstreamSessions(upstream, settings);
        this.listenRelay = new ListenRelay(upstream, settings);
        this.mapping = new AnswerMapping(settings);
        this.cacheScope = settings.cacheScope();
        this.waits = new InputWaits(scheduler, settings.inputTimeout(), this::abandon);
        long period = Math.max(Duration.ofSeconds(1).toNanos(),
                Math.min(settings.sessionIdle().toNanos() / 2, Duration.ofMinutes(1).toNanos()));
        this.sweep = scheduler.scheduleWithFixedDelay(sessions::sweep, period, period, TimeUnit.NANOSECONDS);
    }

    @Override
    public void handle(ClientCall call, ClientAnswer answer) throws IOException, InterruptedException {
        if (!"POST".equals(call.httpMethod())) {
            answer.empty(405, Map.of("Allow", "POST")); // 2026-07-28 has no GET stream and no session to DELETE
            return;
        }
        JsonObject message = call.message().orElse(null);
        if (message == null || !message.containsKey("method")) {
            refuse(answer, message == null ? null : message.get("id"), new BridgeRefusal(400,
                    JsonRpcErrors.INVALID_REQUEST, "a 2026-07-28 client POSTs one JSON-RPC request or notification"));
            return;
        }
        if (!message.containsKey("id")) {
            // no client notification exists on 2026-07-28 HTTP (a closed stream is the cancellation): accepted
            answer.empty(202, Map.of());
            return;
        }
        Tracked tracked = new Tracked(answer);
        try {
            dispatch(ModernRequest.read(message, call), call, tracked);
        } catch (BridgeRefusal refusal) {
            refuse(tracked, message.get("id"), refusal);
        } catch (IOException e) {
            if (tracked.begun) {
                throw e; // the client's answer itself failed: nothing more to write
            }
            refuse(tracked, message.get("id"), upstreamFailed(e.getMessage()));
        }
    }

    /** Called for every list change the bridge learns of (a call's stream, or the listen relay). */
    public void listChanged() {
        discover.markStale();
    }

    @Override
    public void close() {
        sweep.cancel(false);
        // one best-effort pass within one deadline: at undeploy a loopback call may hang (connector paused)
        long deadline = BestEffortCalls.closeDeadline();
        waits.close(deadline);
        listenRelay.close(); // each listen ends with its result before its session is deleted
        sessions.close(deadline);
    }

    /** The pool (tests). */
    PooledUpstreamSessions sessions() {
        return sessions;
    }

    /** How many calls wait for their client's input (tests). */
    int waiting() {
        return waits.size();
    }

    private void dispatch(ModernRequest request, ClientCall call, ClientAnswer answer)
            throws BridgeRefusal, IOException, InterruptedException {
        String authorization = call.authorization().orElse(null);
        if (REMOVED.contains(request.method())) {
            throw new BridgeRefusal(404, JsonRpcErrors.METHOD_NOT_FOUND,
                    "Method not found: " + request.method() + " does not exist in protocol version "
                            + MetaKeys.MODERN_VERSION);
        }
        switch (request.method()) {
            case "server/discover" -> discover(request, authorization, answer);
            case "subscriptions/listen" -> listen(request, call, answer);
            default -> forward(request, call, authorization, answer);
        }
    }

    /**
     * A {@code subscriptions/listen}: served by the {@link ListenRelay} from the pooled session's GET stream for as
     * long as the client listens (the session is held meanwhile, so that the idle sweep does not end it); a session
     * the server forgot is made again once.
     */
    private void listen(ModernRequest request, ClientCall call, ClientAnswer answer)
            throws IOException, InterruptedException {
        String authorization = call.authorization().orElse(null);
        for (int attempt = 0;; attempt++) {
            UpstreamSession session = sessions.acquire(request.key(), request.capabilities(), authorization);
            sessions.hold(session);
            try {
                listenRelay.listen(call, answer, session, this::listChanged);
                return;
            } catch (UpstreamSessionGone gone) {
                sessions.invalidate(gone.session());
                if (attempt > 0) {
                    throw gone;
                }
            } finally {
                sessions.release(session);
            }
        }
    }

    private void discover(ModernRequest request, String authorization, ClientAnswer answer)
            throws IOException, InterruptedException {
        // one caller's result is never another's unless bridge-cache-scope=public
        String scope = cacheScope == CacheScope.PUBLIC ? "" : request.key().caller();
        JsonObject initializeResult = discover.current(scope);
        if (initializeResult == null) {
            long generation = discover.generation();
            if (discover.seen(scope)) {
                // a list changed since: a one-off handshake sees the server as it is now
                UpstreamSession fresh = sessions.handshake(request.key(), request.capabilities(), authorization);
                sessions.end(fresh, authorization);
                initializeResult = fresh.initializeResult();
            } else {
                initializeResult = sessions.acquire(request.key(), request.capabilities(), authorization)
                        .initializeResult();
            }
            discover.offer(scope, initializeResult, generation);
        }
        answer.json(200, AnswerMapping.response(request.id(), mapping.discover(initializeResult)), Map.of());
    }

    private void forward(ModernRequest request, ClientCall call, String authorization, ClientAnswer answer)
            throws BridgeRefusal, IOException, InterruptedException {
        JsonValue state = request.params().get("requestState");
        Relay relay;
        if (state != null) {
            relay = resume(request, state, call, answer);
            if (relay == null) {
                return; // asked again for what is still missing
            }
        } else {
            relay = open(request, authorization, call);
        }
        relay(relay, answer);
    }

    /** Sends the request on its session; a session the server forgot (404) is made anew, once. */
    private Relay open(ModernRequest request, String authorization, ClientCall call)
            throws IOException, InterruptedException {
        for (int attempt = 0; ; attempt++) {
            UpstreamSession session = sessions.acquire(request.key(), request.capabilities(), authorization);
            applyLogLevel(request, session, authorization);
            String upstreamId = PooledUpstreamSessions.nextId();
            UpstreamAnswer reply = upstream.send(UpstreamCall.post(PooledUpstreamSessions.headers(session,
                    authorization), upstreamMessage(request, upstreamId).toString()));
            if (reply.status() == 404 && attempt == 0 && !session.sessionId().isEmpty()) {
                reply.close();
                sessions.invalidate(session);
                continue;
            }
            return new Relay(request, session, authorization, new UpstreamMessages(reply), upstreamId, false,
                    streams(call));
        }
    }

    /** The request as the legacy server gets it: the bridge's id, the 2026-07-28 fields taken out. */
    private static JsonObject upstreamMessage(ModernRequest request, String upstreamId) {
        JsonObjectBuilder params = Json.createObjectBuilder(request.params());
        params.remove("inputResponses");
        params.remove("requestState");
        JsonObjectBuilder meta = Json.createObjectBuilder(request.meta());
        meta.remove(MetaKeys.PROTOCOL_VERSION);
        meta.remove(MetaKeys.CLIENT_INFO);
        meta.remove(MetaKeys.CLIENT_CAPABILITIES);
        meta.remove(MetaKeys.LOG_LEVEL);
        JsonObject rest = meta.build();
        if (rest.isEmpty()) {
            params.remove("_meta");
        } else {
            params.add("_meta", rest);
        }
        return Json.createObjectBuilder().add("jsonrpc", "2.0").add("id", upstreamId)
                .add("method", request.method()).add("params", params).build();
    }

    /**
     * Relays the upstream answer until its response, a parked call or the client's leaving. A failure once the
     * client's stream has begun ends that stream with an error response; before, it is thrown (and refused).
     */
    private void relay(Relay relay, ClientAnswer answer) throws IOException, InterruptedException {
        try {
            relayMessages(relay, answer);
        } catch (IOException e) {
            relay.messages.close();
            if (relay.sink == null) {
                throw e;
            }
            BridgeRefusal failed = upstreamFailed(e.getMessage());
            deliver(relay, answer, failed.status(), AnswerMapping.errorResponse(relay.request.id(),
                    AnswerMapping.errorObject(failed.code(), failed.getMessage(), null)));
        }
    }

    private void relayMessages(Relay relay, ClientAnswer answer) throws IOException, InterruptedException {
        int status = relay.messages.answer().status();
        if (status != 200) {
            upstreamStatus(relay, answer, status);
            return;
        }
        for (JsonObject message = relay.messages.next(); message != null; message = relay.messages.next()) {
            if (message.containsKey("method")) {
                boolean stop = message.containsKey("id") ? serverRequest(relay, message, answer)
                        : !notification(relay, message, answer);
                if (stop) {
                    return;
                }
            } else if (relay.upstreamId.equals(idText(message.get("id")))) {
                finish(relay, message, answer);
                return;
            }
        }
        throw new IOException("the MCP server's answer ended without a response");
    }

    private void finish(Relay relay, JsonObject message, ClientAnswer answer) throws IOException {
        relay.messages.close();
        JsonObject out;
        int status = 200;
        if (message.get("result") instanceof JsonObject result) {
            boolean cacheable = AnswerMapping.CACHEABLE.contains(relay.request.method()) && !relay.retry;
            out = AnswerMapping.response(relay.request.id(), mapping.result(result, cacheable, relay.session));
        } else {
            JsonObject error = AnswerMapping.error(ModernRequest.object(message.get("error")));
            status = AnswerMapping.status(error.getInt("code", JsonRpcErrors.INTERNAL_ERROR));
            out = AnswerMapping.errorResponse(relay.request.id(), error);
        }
        deliver(relay, answer, status, out);
    }

    /** The final message: on the client's stream when one was started, else as one JSON body. */
    private static void deliver(Relay relay, ClientAnswer answer, int status, JsonObject out) throws IOException {
        if (relay.sink != null) {
            try (ClientAnswer.SseSink sink = relay.sink) {
                sink.message(null, out);
            }
        } else {
            answer.json(status, out, Map.of());
        }
    }

    /**
     * Whether a log message is for the client: 2026-07-28 sends none to a request without
     * {@code io.modelcontextprotocol/logLevel}, and none below it (the legacy session's level is shared by the
     * calls of one client, so the bridge filters each call's stream itself).
     */
    private static boolean wanted(String requested, JsonObject message) {
        int floor = requested == null ? -1 : LOG_LEVELS.indexOf(requested);
        int level = LOG_LEVELS.indexOf(ModernRequest.object(message.get("params")).getString("level", ""));
        return floor >= 0 && (level < 0 || level >= floor);
    }

    /** Relays a request-scoped notification; false when the client has gone (the call is then cancelled). */
    private boolean notification(Relay relay, JsonObject message, ClientAnswer answer) throws InterruptedException {
        String method = message.getString("method", "");
        if (method.endsWith("/list_changed")) {
            discover.markStale(); // 2026-07-28 sends list changes on subscriptions/listen streams only
            return true;
        }
        if ("notifications/resources/updated".equals(method)) {
            return true; // likewise: a listen stream's business, not a call's
        }
        if ("notifications/message".equals(method) && !wanted(relay.request.logLevel(), message)) {
            return true;
        }
        if (!relay.streams) {
            return true; // the client takes JSON only: it gets the response alone
        }
        try {
            if (relay.sink == null) {
                relay.sink = answer.sse(200, SSE_HEADERS);
            }
            relay.sink.message(null, message);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "bridge: the client left during a call: {0}", e.getMessage());
        }
        if (relay.sink != null && relay.sink.open()) {
            return true;
        }
        cancel(relay, "the 2026-07-28 client closed its stream");
        return false;
    }

    /**
     * A server-to-client request on the call's stream: parked as an input-required result when the client can
     * answer it (returns true: the exchange is answered), else answered upstream with an error.
     */
    private boolean serverRequest(Relay relay, JsonObject message, ClientAnswer answer)
            throws IOException, InterruptedException {
        String method = message.getString("method", "");
        JsonValue serverId = message.get("id");
        if ("ping".equals(method)) {
            respond(relay.session, relay.authorization, AnswerMapping.response(serverId, JsonValue.EMPTY_JSON_OBJECT));
            return false;
        }
        String refusal = inputRefusal(relay.request, method, ModernRequest.object(message.get("params")));
        if (refusal != null) {
            respond(relay.session, relay.authorization, AnswerMapping.errorResponse(serverId,
                    AnswerMapping.errorObject(JsonRpcErrors.METHOD_NOT_FOUND, refusal, null)));
            return false;
        }
        JsonObject params = ModernRequest.object(message.get("params"));
        String key = inputKey(method, params);
        JsonObject supplied = relay.supplied.remove(key);
        if (supplied != null) {
            // the client sent this answer with its request already (a retry, or a client that knows the tool)
            respond(relay.session, relay.authorization, AnswerMapping.response(serverId, supplied));
            return false;
        }
        Map<String, JsonValue> serverIds = new LinkedHashMap<>();
        Map<String, JsonObject> requests = new LinkedHashMap<>();
        serverIds.put(key, serverId);
        requests.put(key, inputRequest(method, params));
        gather(relay, serverIds, requests, answer);
        park(relay, serverIds, requests, answer);
        return true;
    }

    private static JsonObject inputRequest(String method, JsonObject params) {
        return Json.createObjectBuilder().add("method", method).add("params", withoutInputKey(params)).build();
    }

    /**
     * Collects the further server-to-client requests that arrive within {@link #GATHER_NANOS} of the first: a
     * legacy server that asks several things at once gets them into one input-required result, as a 2026-07-28
     * server would ask them. Request-scoped notifications meanwhile are relayed as usual.
     */
    private void gather(Relay relay, Map<String, JsonValue> serverIds, Map<String, JsonObject> requests,
            ClientAnswer answer) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + GATHER_NANOS;
        while (System.nanoTime() - deadline < 0) {
            JsonObject next = relay.messages.poll();
            if (next == null) {
                Thread.sleep(1); // the upstream stream cannot be read with a timeout; a short poll instead
            } else if (!next.containsKey("method")) {
                relay.messages.pushBack(next); // a response: the server is done asking
                return;
            } else if (!next.containsKey("id")) {
                notification(relay, next, answer);
            } else {
                gatherOne(relay, next, serverIds, requests);
            }
        }
    }

    private void gatherOne(Relay relay, JsonObject message, Map<String, JsonValue> serverIds,
            Map<String, JsonObject> requests) throws IOException, InterruptedException {
        String method = message.getString("method", "");
        JsonValue serverId = message.get("id");
        JsonObject params = ModernRequest.object(message.get("params"));
        String refusal = "ping".equals(method) ? null : inputRefusal(relay.request, method, params);
        if ("ping".equals(method) || refusal != null) {
            respond(relay.session, relay.authorization, refusal == null
                    ? AnswerMapping.response(serverId, JsonValue.EMPTY_JSON_OBJECT)
                    : AnswerMapping.errorResponse(serverId,
                            AnswerMapping.errorObject(JsonRpcErrors.METHOD_NOT_FOUND, refusal, null)));
            return;
        }
        String key = inputKey(method, params);
        JsonObject supplied = relay.supplied.remove(key);
        if (supplied != null) {
            respond(relay.session, relay.authorization, AnswerMapping.response(serverId, supplied));
            return;
        }
        String unique = key;
        for (int n = 2; serverIds.containsKey(unique); n++) {
            unique = key + "-" + n;
        }
        serverIds.put(unique, serverId);
        requests.put(unique, inputRequest(method, params));
    }

    /**
     * The key of a server-to-client request in {@code inputRequests}: what the legacy server named it in
     * {@code params._meta["dev.mcpgate/inputKey"]}, else the capability it needs ({@code elicitation},
     * {@code sampling}, {@code roots}).
     */
    private static String inputKey(String method, JsonObject params) {
        JsonValue named = ModernRequest.object(params.get("_meta")).get(INPUT_KEY);
        return named instanceof JsonString s && !s.getString().isEmpty() ? s.getString()
                : INPUT_CAPABILITY.get(method);
    }

    private static JsonObject withoutInputKey(JsonObject params) {
        JsonObject meta = ModernRequest.object(params.get("_meta"));
        if (!meta.containsKey(INPUT_KEY)) {
            return params;
        }
        JsonObject rest = Json.createObjectBuilder(meta).remove(INPUT_KEY).build();
        JsonObjectBuilder out = Json.createObjectBuilder(params).remove("_meta");
        return (rest.isEmpty() ? out : out.add("_meta", rest)).build();
    }

    /** Why the client cannot be asked {@code method} during its request, or {@code null} when it can. */
    private static String inputRefusal(ModernRequest request, String method, JsonObject params) {
        String capability = INPUT_CAPABILITY.get(method);
        if (capability == null) {
            return "the 2026-07-28 client behind the McpGate bridge cannot answer " + method;
        }
        if (!MRTR_METHODS.contains(request.method())) {
            return "a 2026-07-28 client can be asked " + method + " only during tools/call, prompts/get or "
                    + "resources/read, not during " + request.method();
        }
        if (!request.declares(capability)) {
            return "the 2026-07-28 client behind the McpGate bridge did not declare the " + capability
                    + " capability";
        }
        if ("url".equals(params.getString("mode", "form"))
                && !ModernRequest.object(request.capabilities().get("elicitation")).containsKey("url")) {
            return "the 2026-07-28 client behind the McpGate bridge did not declare URL-mode elicitation";
        }
        return null;
    }

    private void park(Relay relay, Map<String, JsonValue> serverIds, Map<String, JsonObject> requests,
            ClientAnswer answer) throws IOException, InterruptedException {
        InputWaits.Wait wait;
        sessions.hold(relay.session); // released when the wait is claimed or abandoned
        try {
            wait = waits.park(relay.request.key(), relay.request.method(), relay.request.name(), relay.session,
                    relay.authorization, relay.messages, relay.upstreamId, serverIds, requests);
        } catch (BridgeRefusal full) {
            sessions.release(relay.session);
            refuseParking(relay, serverIds, answer, full);
            return;
        }
        JsonObjectBuilder inputRequests = Json.createObjectBuilder();
        requests.forEach((key, request) -> inputRequests.add(key, request));
        JsonObject result = Json.createObjectBuilder().add("resultType", "input_required")
                .add("inputRequests", inputRequests).add("requestState", wait.token()).build();
        deliver(relay, answer, 200, AnswerMapping.response(relay.request.id(), result));
    }

    /** No room to park: the server's requests answered with an error, the call cancelled, the client told 503. */
    private void refuseParking(Relay relay, Map<String, JsonValue> serverIds, ClientAnswer answer, BridgeRefusal full)
            throws IOException, InterruptedException {
        for (JsonValue serverId : serverIds.values()) {
            respond(relay.session, relay.authorization, AnswerMapping.errorResponse(serverId,
                    AnswerMapping.errorObject(JsonRpcErrors.INTERNAL_ERROR, full.getMessage(), null)));
        }
        cancel(relay, "the McpGate bridge could not keep the call waiting for input");
        JsonObject error = AnswerMapping.errorResponse(relay.request.id(),
                AnswerMapping.errorObject(full.code(), full.getMessage(), null));
        if (relay.sink != null) {
            deliver(relay, answer, full.status(), error);
        } else {
            answer.json(full.status(), error, Map.of("Retry-After", "1"));
        }
    }

    /**
     * A retry with {@code requestState}: the client's answers POSTed to the server; the relay to go on with, or
     * {@code null} when the client was asked again for answers it left out.
     */
    private Relay resume(ModernRequest request, JsonValue state, ClientCall call, ClientAnswer answer)
            throws BridgeRefusal, IOException, InterruptedException {
        if (!(state instanceof JsonString token)) {
            throw new BridgeRefusal(400, AnswerMapping.INVALID_PARAMS, "requestState must be a string");
        }
        InputWaits.Wait wait = waits.claim(token.getString(), request.key(), request.method(), request.name());
        sessions.release(wait.session());
        JsonObject responses = ModernRequest.object(request.params().get("inputResponses"));
        Map<String, JsonValue> missing = new LinkedHashMap<>();
        Map<String, JsonObject> asked = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, JsonValue> pending : wait.serverIds().entrySet()) {
                JsonValue response = responses.get(pending.getKey());
                if (response != null && response.getValueType() == JsonValue.ValueType.OBJECT) {
                    respond(wait.session(), wait.authorization(), AnswerMapping.response(pending.getValue(),
                            response.asJsonObject()));
                } else {
                    missing.put(pending.getKey(), pending.getValue());
                    asked.put(pending.getKey(), wait.requests().get(pending.getKey()));
                }
            }
        } catch (IOException e) {
            wait.messages().close(); // the server never got the answer: the parked call is over
            throw e;
        }
        Relay relay = new Relay(request, wait.session(), wait.authorization(), wait.messages(), wait.upstreamId(),
                true, streams(call));
        relay.supplied.keySet().removeAll(wait.serverIds().keySet());
        if (missing.isEmpty()) {
            return relay;
        }
        park(relay, missing, asked, answer); // mrtr.mdx: ask again rather than fail
        return null;
    }

    /** POSTs a JSON-RPC response (to a server-to-client request) into the session. */
    private void respond(UpstreamSession session, String authorization, JsonObject response)
            throws IOException, InterruptedException {
        try (UpstreamAnswer reply = upstream.send(UpstreamCall.post(PooledUpstreamSessions.headers(session,
                authorization), response.toString()))) {
            if (reply.status() / 100 != 2) {
                throw new IOException("the MCP server refused the client's answer with HTTP " + reply.status());
            }
        }
    }

    /** A parked call whose client never came back: the server's requests fail, the call is cancelled. */
    private void abandon(InputWaits.Wait wait) {
        try {
            for (JsonValue serverId : wait.serverIds().values()) {
                respond(wait.session(), wait.authorization(), AnswerMapping.errorResponse(serverId,
                        AnswerMapping.errorObject(JsonRpcErrors.INTERNAL_ERROR, "the 2026-07-28 client did not "
                                + "retry with its input within the McpGate bridge's bridge-input-timeout", null)));
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "bridge: abandoning a waiting call: {0}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            sessions.release(wait.session());
            wait.messages().close();
        }
    }

    /** Tells the server a call is over (the client left): notifications/cancelled, then the stream closed. */
    private void cancel(Relay relay, String reason) throws InterruptedException {
        JsonObject cancelled = Json.createObjectBuilder().add("jsonrpc", "2.0")
                .add("method", "notifications/cancelled").add("params", Json.createObjectBuilder()
                        .add("requestId", relay.upstreamId).add("reason", reason)).build();
        try {
            respond(relay.session, relay.authorization, cancelled);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "bridge: notifications/cancelled failed: {0}", e.getMessage());
        } finally {
            relay.messages.close();
            if (relay.sink != null) {
                relay.sink.close();
            }
        }
    }

    private void applyLogLevel(ModernRequest request, UpstreamSession session, String authorization)
            throws IOException, InterruptedException {
        String level = request.logLevel();
        if (level == null || level.equals(sessions.logLevel(session))
                || !ModernRequest.object(session.initializeResult().get("capabilities")).containsKey("logging")) {
            return;
        }
        JsonObject setLevel = Json.createObjectBuilder().add("jsonrpc", "2.0")
                .add("id", PooledUpstreamSessions.nextId()).add("method", "logging/setLevel")
                .add("params", Json.createObjectBuilder().add("level", level)).build();
        try (UpstreamMessages reply = new UpstreamMessages(upstream.send(UpstreamCall.post(
                PooledUpstreamSessions.headers(session, authorization), setLevel.toString())))) {
            if (reply.answer().status() == 200 && reply.next() != null) {
                sessions.logLevel(session, level);
            }
        }
    }

    /** A non-200 head: the server's JSON-RPC error when its body holds one, else 502. */
    private void upstreamStatus(Relay relay, ClientAnswer answer, int status) throws IOException {
        JsonObject error = null;
        try (UpstreamMessages messages = relay.messages; InputStream body = messages.answer().body()) {
            JsonObject parsed = UpstreamMessages.parseObject(new String(body.readNBytes(MAX_ERROR_BODY),
                    StandardCharsets.UTF_8));
            // the MCP Java SDK 2.1.0 writes a serialized exception with a jsonRpcError member
            JsonObject found = ModernRequest.object(parsed.containsKey("error") ? parsed.get("error")
                    : parsed.get("jsonRpcError"));
            error = found.containsKey("code") && found.containsKey("message") ? AnswerMapping.error(found) : null;
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "bridge: unreadable upstream error body: {0}", e.getMessage());
        }
        if (error == null) {
            BridgeRefusal failed = upstreamFailed("it answered HTTP " + status);
            error = AnswerMapping.errorObject(failed.code(), failed.getMessage(), null);
            status = failed.status();
        } else {
            status = status / 100 == 4 ? status : 502;
        }
        deliver(relay, answer, status, AnswerMapping.errorResponse(relay.request.id(), error));
    }

    private static BridgeRefusal upstreamFailed(String why) {
        return new BridgeRefusal(502, JsonRpcErrors.INTERNAL_ERROR,
                "the MCP server behind the McpGate bridge failed: " + why);
    }

    private static void refuse(ClientAnswer answer, JsonValue id, BridgeRefusal refusal) throws IOException {
        answer.json(refusal.status(), AnswerMapping.errorResponse(id,
                AnswerMapping.errorObject(refusal.code(), refusal.getMessage(), refusal.data())), Map.of());
    }

    /** Whether the client takes an SSE answer (a 2026-07-28 client must; a missing Accept is taken as yes). */
    private static boolean streams(ClientCall call) {
        return call.header("Accept").map(accept -> accept.contains("text/event-stream")).orElse(true);
    }

    private static String idText(JsonValue id) {
        return id instanceof JsonString s ? s.getString() : String.valueOf(id);
    }

    /** The client's answer, noting whether it has begun (so that a failure is never answered twice). */
    private static final class Tracked implements ClientAnswer {
        private final ClientAnswer answer;
        boolean begun;

        Tracked(ClientAnswer answer) {
            this.answer = answer;
        }

        @Override
        public void json(int status, JsonObject message, Map<String, String> headers) throws IOException {
            begun = true;
            answer.json(status, message, headers);
        }

        @Override
        public void empty(int status, Map<String, String> headers) throws IOException {
            begun = true;
            answer.empty(status, headers);
        }

        @Override
        public SseSink sse(int status, Map<String, String> headers) throws IOException {
            begun = true;
            return answer.sse(status, headers);
        }
    }

    /** One round of a call: the client's request and the upstream stream that answers it. */
    private static final class Relay {
        final ModernRequest request;
        final UpstreamSession session;
        final String authorization;
        final UpstreamMessages messages;
        final String upstreamId;
        final boolean retry;
        final boolean streams;
        /** The client's input responses not yet used: answers to server requests still to come. */
        final Map<String, JsonObject> supplied;
        ClientAnswer.SseSink sink;

        Relay(ModernRequest request, UpstreamSession session, String authorization, UpstreamMessages messages,
                String upstreamId, boolean retry, boolean streams) {
            this.request = request;
            this.session = session;
            this.authorization = authorization;
            this.messages = messages;
            this.upstreamId = upstreamId;
            // a result that depends on input responses is no cacheable result (caching.mdx)
            this.retry = retry || request.params().containsKey("inputResponses");
            this.streams = streams;
            this.supplied = new LinkedHashMap<>();
            ModernRequest.object(request.params().get("inputResponses")).forEach((key, value) -> {
                if (value.getValueType() == JsonValue.ValueType.OBJECT) {
                    supplied.put(key, value.asJsonObject());
                }
            });
        }
    }
}
