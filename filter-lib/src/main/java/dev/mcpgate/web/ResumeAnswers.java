package dev.mcpgate.web;

import dev.mcpgate.event.GateMetrics;
import dev.mcpgate.event.Violation;
import dev.mcpgate.protocol.JsonRpcErrors;
import dev.mcpgate.resume.Delivery;
import dev.mcpgate.resume.Resumption;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Answers a legacy-era {@code GET} with {@code Last-Event-ID} from the replay logs, without the
 * server: {@code 200 text/event-stream} with exactly the events after that id on its stream (after a
 * comment when some were evicted), then the live ones until the stream ends; {@code 400} for an id
 * that is not McpGate's; {@code 404} for an id this session was never given — another session's
 * above all: no client ever gets another session's events. Refusals are rows like any exchange
 * (outcome {@code rejected}, violation {@code event_id}).
 */
final class ResumeAnswers {

    static final String LAST_EVENT_ID = "Last-Event-ID";
    /** JSON-RPC code of the 404 answer, as for an unknown session. */
    static final int NOT_FOUND_CODE = -32001;
    static final String MESSAGE_MALFORMED = "Bad Request: Last-Event-ID is not an event id this endpoint gave; "
            + "resume with the id of the last event received";
    static final String MESSAGE_NOT_FOUND = "Not Found: Last-Event-ID names no stream of this session";

    private ResumeAnswers() {
    }

    static void answer(Exchange x, Resumption resumption, String lastEventId, GateMetrics metrics) {
        ObservedResponse response = x.response();
        try {
            response.setStatus(HttpServletResponse.SC_OK);
            response.setContentType("text/event-stream");
            response.setCharacterEncoding("UTF-8");
            response.setHeader("Cache-Control", "no-cache");
            AsyncContext async = x.request().startAsync(); // first: a stream that ended completes the answer at once
            async.setTimeout(0);
            Delivery delivery = new Delivery(new ResumeConnection(response, async));
            switch (resumption.resume(x.sessionId, lastEventId, delivery)) {
                case RESUMED -> delivery.flushNow();
                case MALFORMED -> refuse(x, async, metrics, HttpServletResponse.SC_BAD_REQUEST,
                        JsonRpcErrors.INVALID_REQUEST, MESSAGE_MALFORMED);
                case NOT_FOUND -> refuse(x, async, metrics, HttpServletResponse.SC_NOT_FOUND, NOT_FOUND_CODE,
                        MESSAGE_NOT_FOUND);
            }
        } catch (IOException | RuntimeException e) {
            x.chainFailed(e);
        }
    }

    private static void refuse(Exchange x, AsyncContext async, GateMetrics metrics, int status, int code,
            String message) throws IOException {
        x.violation = Violation.EVENT_ID;
        x.rejected = true;
        metrics.violation(Violation.EVENT_ID, true);
        x.response().reset();
        ErrorAnswers.send(x.response(), status, JsonRpcErrors.body(null, code, message, null));
        async.complete();
    }

    /** The resuming client's connection: the exchange's own (observed) response. */
    private record ResumeConnection(HttpServletResponse response, AsyncContext async) implements Delivery.Connection {

        @Override
        public void write(byte[] frame) throws IOException {
            response.getOutputStream().write(frame);
            response.getOutputStream().flush();
        }

        @Override
        public void end() {
            completeQuietly();
        }

        @Override
        public void close() {
            completeQuietly();
        }

        private void completeQuietly() {
            try {
                async.complete();
            } catch (IllegalStateException e) {
                // the container ended it first (the client went away)
            }
        }
    }
}
