package dev.mcpgate.bridge;

import static dev.mcpgate.bridge.ModernAnswerReader.JSON;

import dev.mcpgate.protocol.JsonRpcErrors;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One input-required round for a legacy client: each of the server's {@code inputRequests} sent to the
 * client as a server-to-client request on the stream of its pending request (as a 2025-11-25 server would),
 * the client's responses (POSTed with its session id) collected into {@code inputResponses}. A request for a
 * capability the client did not declare in initialize, an error the client answered, or no answer within
 * {@code bridge-input-timeout} ends the client's request with an error.
 */
final class InputRounds {

    /** The input methods of 2026-07-28 and the client capability each needs. */
    private static final Map<String, String> CAPABILITY = Map.of(
            "elicitation/create", "elicitation",
            "sampling/createMessage", "sampling",
            "roots/list", "roots");

    /** The client's request ends with this error instead of its result. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        private final int code;

        Refused(int code, String message) {
            super(message);
            this.code = code;
        }

        int code() {
            return code;
        }
    }

    private final Duration timeout;

    InputRounds(Duration timeout) {
        this.timeout = timeout;
    }

    /**
     * Asks the client for everything an input-required result names.
     *
     * @param callKey the client request's id ({@link CallRelay#idKey}): a cancellation of it ends the wait
     * @return the {@code inputResponses} object, or {@code null} when the session ended meanwhile
     */
    JsonObject ask(String callKey, JsonObject inputRequired, MintedSession session, ClientReply reply)
            throws IOException, InterruptedException, Refused {
        JsonObject requests = inputRequired.get("inputRequests") instanceof JsonObject r ? r
                : JsonValue.EMPTY_JSON_OBJECT;
        for (JsonValue request : requests.values()) {
            check(request instanceof JsonObject o ? o.getString("method", "") : "", session);
        }
        Map<String, CompletableFuture<JsonObject>> pending = new LinkedHashMap<>();
        Map<String, String> ids = new LinkedHashMap<>();
        try {
            for (String key : requests.keySet()) {
                String id = session.nextRequestId("input");
                ids.put(key, id);
                pending.put(key, session.await(CallRelay.idKey(JSON.createValue(id))));
            }
            // registered before the client is asked: a cancellation right after the first question ends the wait
            session.waiting(callKey, List.copyOf(pending.values()));
            for (Map.Entry<String, String> each : ids.entrySet()) {
                reply.send(toClient(each.getValue(), requests.get(each.getKey()).asJsonObject()));
            }
            return collect(pending);
        } finally {
            session.waiting(callKey, null);
            pending.values().forEach(f -> f.cancel(false)); // none left registered, whatever happened
        }
    }

    private static JsonObject toClient(String id, JsonObject request) {
        JsonObjectBuilder message = JSON.createObjectBuilder().add("jsonrpc", "2.0").add("id", id)
                .add("method", request.getString("method"));
        if (request.get("params") instanceof JsonObject params) {
            message.add("params", params);
        }
        return message.build();
    }

    private static void check(String method, MintedSession session) throws Refused {
        String capability = CAPABILITY.get(method);
        if (capability == null) {
            throw new Refused(JsonRpcErrors.INTERNAL_ERROR,
                    "The server asked the client for " + quoted(method) + ", which the bridge cannot relay");
        }
        if (!session.declares(capability)) {
            throw new Refused(JsonRpcErrors.INTERNAL_ERROR, "The server asked the client for " + method
                    + ", but the client did not declare the capability '" + capability + "' in initialize");
        }
    }

    private JsonObject collect(Map<String, CompletableFuture<JsonObject>> pending)
            throws InterruptedException, Refused {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonObjectBuilder answers = JSON.createObjectBuilder();
        try {
            for (Map.Entry<String, CompletableFuture<JsonObject>> entry : pending.entrySet()) {
                JsonObject response = entry.getValue().get(Math.max(0, deadline - System.nanoTime()),
                        TimeUnit.NANOSECONDS);
                if (response.get("result") instanceof JsonObject result) {
                    answers.add(entry.getKey(), result);
                } else {
                    throw refusedBy(response);
                }
            }
            return answers.build();
        } catch (CancellationException e) {
            return null;
        } catch (TimeoutException e) {
            throw new Refused(JsonRpcErrors.INTERNAL_ERROR, "The client did not answer the server's request within "
                    + timeout + " (bridge-input-timeout)");
        } catch (ExecutionException e) {
            throw new Refused(JsonRpcErrors.INTERNAL_ERROR, "The client's answer failed: " + e.getCause());
        }
    }

    private static Refused refusedBy(JsonObject response) {
        JsonObject error = response.get("error") instanceof JsonObject e ? e : JsonValue.EMPTY_JSON_OBJECT;
        int code = error.get("code") instanceof JsonNumber n ? n.intValue() : JsonRpcErrors.INTERNAL_ERROR;
        String message = error.get("message") instanceof JsonString m ? m.getString() : "no message";
        return new Refused(code, "The client refused the server's request: " + message);
    }

    private static String quoted(String method) {
        return method.isEmpty() ? "a request without a method" : method;
    }
}
