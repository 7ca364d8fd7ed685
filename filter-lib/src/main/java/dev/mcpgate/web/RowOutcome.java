package dev.mcpgate.web;

import static dev.mcpgate.web.ExchangeObserver.MAX_ERROR_MESSAGE;

import dev.mcpgate.event.Outcome;
import dev.mcpgate.event.Violation;
import dev.mcpgate.protocol.JsonRpcEnvelope;
import dev.mcpgate.protocol.MessageKind;

/**
 * What the row of a finished exchange says of its result: the {@link Outcome} (as the answer tells
 * it, then as an interceptor changed it), the JSON-RPC error code, the guard's violation and the error
 * message — the answer's, or why the request could not be verified. {@link ExchangeObserver} calls it
 * when it records an exchange; it holds no state per exchange.
 */
final class RowOutcome {

    private final int maxRequestCapture;

    RowOutcome(int maxRequestCapture) {
        this.maxRequestCapture = maxRequestCapture;
    }

    /** The row's outcome: {@link Outcome#MODIFIED} for a good answer to a request or an answer an interceptor changed. */
    static Outcome modified(Exchange x, Outcome outcome) {
        return outcome == Outcome.OK && (x.intercepted == Outcome.MODIFIED || x.answerRewritten) ? Outcome.MODIFIED
                : outcome;
    }

    /** The outcome as the answer tells it; {@link Outcome#OK} also for an answer an interceptor changed. */
    static Outcome serverOutcome(Exchange x, int status, JsonRpcEnvelope answer) {
        if (x.rejected) {
            return Outcome.REJECTED;
        }
        if (x.intercepted == Outcome.BLOCKED || x.intercepted == Outcome.MOCKED) {
            return x.intercepted;
        }
        if (x.requestVerdict != null) {
            return x.requestVerdict; // whatever the answer, it cannot be told what it answered
        }
        boolean awaitedAnswer = x.envelope != null && x.envelope.kind() == MessageKind.REQUEST;
        if (answer == null && awaitedAnswer && x.timedOut()) {
            return Outcome.TIMEOUT;
        }
        if (answer == null && awaitedAnswer && x.clientGone()) {
            return Outcome.CANCELLED;
        }
        if (answer != null && answer.kind() == MessageKind.ERROR) {
            return Outcome.ERROR;
        }
        if (answer != null && answer.resultIsError()) {
            return Outcome.TOOL_ERROR;
        }
        return status >= 400 ? Outcome.ERROR : Outcome.OK;
    }

    static Integer errorCode(JsonRpcEnvelope answer) {
        return answer == null ? null : answer.errorCode();
    }

    /** The guard's finding: the request's, else an error body that is not JSON-RPC. */
    static Violation violation(Exchange x) {
        if (x.violation != null) {
            return x.violation;
        }
        return errorBodyFound(x) ? Violation.ERROR_BODY : null;
    }

    String errorMessage(Exchange x, Outcome outcome, int status, JsonRpcEnvelope answer) {
        if (errorBodyFound(x)) { // the original body, for the operator
            String reason = outcome == Outcome.AMBIGUOUS || outcome == Outcome.UNVERIFIED
                    ? plainErrorMessage(x, outcome, status, answer) + "; " : "";
            return truncate(reason + x.response().hygiene().rowMessage());
        }
        return plainErrorMessage(x, outcome, status, answer);
    }

    /** Whether error hygiene found the servlet's error body not JSON-RPC (never for the filter's own answers). */
    private static boolean errorBodyFound(Exchange x) {
        ErrorHygiene hygiene = x.response().hygiene();
        return hygiene != null && !x.rejected && hygiene.found();
    }

    private String plainErrorMessage(Exchange x, Outcome outcome, int status, JsonRpcEnvelope answer) {
        if (outcome == Outcome.OK) {
            return null;
        }
        if (outcome == Outcome.AMBIGUOUS) {
            return truncate("ambiguous request: " + x.envelope.ambiguity());
        }
        if (outcome == Outcome.UNVERIFIED) {
            return unverifiedReason(x);
        }
        String message = null;
        if (answer != null) {
            message = outcome == Outcome.TOOL_ERROR ? answer.resultText() : answer.errorMessage();
        }
        if (message == null && status >= 400) {
            message = "HTTP " + status;
        }
        return truncate(message);
    }

    static String truncate(String message) {
        return message == null || message.length() <= MAX_ERROR_MESSAGE ? message : message.substring(0, MAX_ERROR_MESSAGE);
    }

    private String unverifiedReason(Exchange x) {
        if (x.envelope == null) {
            return "unverified request: body not read (not a JSON content type)";
        }
        if (x.envelope.kind() == MessageKind.BATCH) {
            return "unverified request: a batch, whose messages are not read";
        }
        return x.request().isWholeWithin(maxRequestCapture) ? "unverified request: not read to its end (invalid JSON or nested too deeply)"
                : "unverified request: longer than max-request-capture before its message closed";
    }
}
