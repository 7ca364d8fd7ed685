package dev.mcpgate.bridge;

import static dev.mcpgate.bridge.ModernAnswerReader.JSON;

import dev.mcpgate.protocol.JsonRpcErrors;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.util.Map;

/**
 * Relays one legacy client request to the 2026-07-28 server and its answer back: notifications before the
 * response (progress, log messages) as they come, the final response translated ({@link LegacyMessages}). An
 * input-required result is turned into server-to-client requests on the client's stream
 * ({@link InputRounds}), and the request is sent again with the client's answers, up to
 * {@value #MAX_ROUNDS} rounds. A {@code tools/call} refused for a header mismatch is sent once more after the
 * tool list was read again (its {@code x-mcp-header} annotations may be new to the bridge).
 */
final class CallRelay {

    /** The most input-required rounds of one request; a server asking more gets the client an error. */
    static final int MAX_ROUNDS = 8;
    /** HTTP status of an answer the bridge could not get from the upstream. */
    static final int BAD_GATEWAY = 502;

    private final BridgeUpstream upstream;
    private final ParamHeaders params;
    private final InputRounds inputs;

    CallRelay(BridgeUpstream upstream, ParamHeaders params, InputRounds inputs) {
        this.upstream = upstream;
        this.params = params;
        this.inputs = inputs;
    }

    /** Answers one client request (a JSON-RPC request with an id) of a session. */
    void relay(JsonObject message, MintedSession session, String authorization, ClientAnswer answer)
            throws IOException, InterruptedException {
        JsonValue clientId = message.get("id");
        String method = message.getString("method");
        JsonObject given = message.get("params") instanceof JsonObject p ? p : JsonValue.EMPTY_JSON_OBJECT;
        ClientReply reply = new ClientReply(answer);
        try {
            JsonObject last = rounds(clientId, method, given, session, authorization, reply);
            if (last == null) {
                reply.abandon();
            } else {
                learn(method, last);
                reply.finish(LegacyMessages.response(last, clientId, method));
            }
        } catch (IOException e) {
            reply.fail(BAD_GATEWAY, LegacyMessages.error(clientId, JsonRpcErrors.INTERNAL_ERROR,
                    "The bridge could not reach the 2026-07-28 server: " + e.getMessage()));
        } catch (InputRounds.Refused e) {
            reply.finish(LegacyMessages.error(clientId, e.code(), e.getMessage()));
        }
    }

    /** The final response of the request after its input rounds, or {@code null} when it was cancelled. */
    private JsonObject rounds(JsonValue clientId, String method, JsonObject given, MintedSession session,
            String authorization, ClientReply reply) throws IOException, InterruptedException, InputRounds.Refused {
        String key = idKey(clientId);
        JsonObject params = given;
        JsonValue id = clientId;
        boolean headersRefreshed = false;
        for (int round = 0; ; round++) {
            ModernRequests.Caller caller = ModernRequests.Caller.of(session, authorization);
            JsonObject response = exchange(key, id, method, params, caller, session, reply);
            if (response == null) {
                return null;
            }
            if (!headersRefreshed && headerMismatch(response) && "tools/call".equals(method)) {
                headersRefreshed = true;
                refreshTools(session, caller);
                round--;
                continue;
            }
            if (!"input_required".equals(LegacyMessages.resultType(response))) {
                return response;
            }
            if (round + 1 >= MAX_ROUNDS) {
                throw new InputRounds.Refused(JsonRpcErrors.INTERNAL_ERROR, "The server asked for input "
                        + MAX_ROUNDS + " times on one request; the bridge stops there");
            }
            JsonObject result = response.getJsonObject("result");
            JsonObject answers = inputs.ask(key, result, session, reply);
            if (answers == null) {
                return null;
            }
            params = retryParams(given, answers, result);
            id = JSON.createValue(session.nextRequestId("retry"));
        }
    }

    /** One upstream call: notifications relayed, the response returned; {@code null} when cancelled. */
    private JsonObject exchange(String key, JsonValue id, String method, JsonObject params,
            ModernRequests.Caller caller, MintedSession session, ClientReply reply) throws IOException,
            InterruptedException {
        Map<String, String> extra = "tools/call".equals(method)
                ? this.params.headers(params.getString("name", null),
                        params.get("arguments") instanceof JsonObject a ? a : null)
                : Map.of();
        UpstreamAnswer answer = upstream.send(ModernRequests.request(id, method, params, caller, extra));
        session.started(key, answer);
        try {
            checkHead(answer);
            ModernAnswerReader messages = new ModernAnswerReader(answer);
            for (JsonObject m = messages.next(); m != null; m = messages.next()) {
                if (LegacyMessages.isResponse(m)) {
                    return m;
                }
                if (m.containsKey("method") && !m.containsKey("id")) {
                    reply.send(LegacyMessages.notification(m));
                }
            }
            if (!session.running(key, answer)) {
                return null;
            }
            throw new IOException("the server's stream ended without a response");
        } catch (IOException e) {
            if (!session.running(key, answer)) {
                return null; // the client cancelled the request or ended its session
            }
            throw e;
        } finally {
            session.finished(key, answer);
            answer.close();
        }
    }

    private static void checkHead(UpstreamAnswer answer) throws IOException {
        String type = answer.mediaType();
        if (!"application/json".equals(type) && !"text/event-stream".equals(type)) {
            throw new IOException("the server answered HTTP " + answer.status()
                    + (type.isEmpty() ? " without a body" : " with " + type));
        }
    }

    private static boolean headerMismatch(JsonObject response) {
        return response.get("error") instanceof JsonObject error && error.get("code") instanceof JsonNumber code
                && code.intValue() == JsonRpcErrors.HEADER_MISMATCH;
    }

    /** Reads the whole tool list again (every page), to learn the tools' x-mcp-header annotations. */
    private void refreshTools(MintedSession session, ModernRequests.Caller caller)
            throws IOException, InterruptedException {
        String cursor = null;
        for (int page = 0; page < 100; page++) {
            JsonObjectBuilder p = JSON.createObjectBuilder();
            if (cursor != null) {
                p.add("cursor", cursor);
            }
            JsonValue id = JSON.createValue(session.nextRequestId("tools"));
            try (UpstreamAnswer answer = upstream.send(ModernRequests.request(id, "tools/list", p.build(), caller,
                    Map.of()))) {
                checkHead(answer);
                JsonObject response = new ModernAnswerReader(answer).next();
                if (response == null || !(response.get("result") instanceof JsonObject result)) {
                    return;
                }
                params.learn(result);
                cursor = result.get("nextCursor") instanceof JsonString next ? next.getString() : null;
                if (cursor == null) {
                    return;
                }
            }
        }
    }

    private void learn(String method, JsonObject response) {
        if ("tools/list".equals(method) && response.get("result") instanceof JsonObject result) {
            params.learn(result);
        }
    }

    private static JsonObject retryParams(JsonObject given, JsonObject answers, JsonObject inputRequired) {
        JsonObjectBuilder retry = JSON.createObjectBuilder(given).add("inputResponses", answers);
        if (inputRequired.get("requestState") instanceof JsonString state) {
            retry.add("requestState", state);
        } else {
            retry.remove("requestState");
        }
        return retry.build();
    }

    /** A request id as a map key: a string's text, a number as written. */
    static String idKey(JsonValue id) {
        return id instanceof JsonString s ? "s:" + s.getString() : "n:" + id;
    }
}
