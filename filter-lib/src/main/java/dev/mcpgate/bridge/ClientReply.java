package dev.mcpgate.bridge;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.util.Map;

/**
 * The answer to one legacy client request, chosen as late as possible: a single JSON body when the final
 * response is all there is to say, an SSE stream as soon as something comes before it (a progress or log
 * notification, a server-to-client request). Writes are serialized.
 */
final class ClientReply {

    private final ClientAnswer answer;
    private ClientAnswer.SseSink sink;
    private boolean done;

    ClientReply(ClientAnswer answer) {
        this.answer = answer;
    }

    /** Sends a message before the final response (the answer becomes a stream if it was not one yet). */
    synchronized void send(JsonObject message) throws IOException {
        if (done) {
            return;
        }
        if (sink == null) {
            sink = answer.sse(200, Map.of());
        }
        sink.message(null, message);
    }

    /** Sends the final response and ends the answer. */
    synchronized void finish(JsonObject message) throws IOException {
        if (done) {
            return;
        }
        done = true;
        if (sink == null) {
            answer.json(200, message, Map.of());
            return;
        }
        try {
            sink.message(null, message);
        } finally {
            sink.close();
        }
    }

    /**
     * Ends the answer on a failure: an error response when nothing has been sent yet (with that HTTP status),
     * else the error as the stream's last message.
     */
    synchronized void fail(int status, JsonObject error) throws IOException {
        if (done) {
            return;
        }
        if (sink == null) {
            done = true;
            answer.json(status, error, Map.of());
        } else {
            finish(error);
        }
    }

    /** Ends the answer without a response (the client cancelled the request, or its session ended). */
    synchronized void abandon() throws IOException {
        if (done) {
            return;
        }
        done = true;
        if (sink != null) {
            sink.close();
        } else {
            answer.empty(204, Map.of());
        }
    }
}
