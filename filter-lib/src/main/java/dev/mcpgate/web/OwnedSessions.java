package dev.mcpgate.web;

import dev.mcpgate.event.GateMetrics;
import dev.mcpgate.event.Violation;
import dev.mcpgate.protocol.JsonRpcErrors;
import dev.mcpgate.protocol.McpMethod;
import dev.mcpgate.protocol.MessageKind;
import dev.mcpgate.session.OwnDecision;
import dev.mcpgate.session.SessionIdMint;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;

/**
 * The {@code own} session mode at one endpoint: the filter mints the legacy-era session ids and
 * answers the transport's session rules itself, for an MCP server that keeps no session.
 *
 * <ul>
 *   <li>{@code initialize}: the filter mints a new {@code Mcp-Session-Id} ({@link SessionIdMint}) and
 *       keeps the session in the book, then passes the request to the server; a 200 answer names
 *       the session (any other answer forgets it). With {@code max-sessions} sessions open (or the
 *       store not taking one more) it is answered 503 with {@code Retry-After} instead, before the
 *       server sees it.</li>
 *   <li>Any other legacy POST needs a live session: none → 400, unknown or expired → 404 whose
 *       JSON-RPC error tells the client to initialize again (the legacy transport's signal for it).</li>
 *   <li>DELETE of a live session → 204, the session ended; the server never sees it.</li>
 *   <li>GET → 405 with {@code Allow: POST, DELETE}: a server without sessions has no stream to
 *       send on.</li>
 *   <li>Modern-era requests and other HTTP methods pass untouched.</li>
 * </ul>
 * Every refusal is recorded like any exchange: outcome {@code rejected} with its violation.
 */
public final class OwnedSessions {

    /** JSON-RPC code of the 404 answer, as the MCP TypeScript SDK's server uses for "Session not found". */
    static final int SESSION_NOT_FOUND = -32001;
    /** JSON-RPC code of the 400 and 503 answers (server error, implementation-defined range). */
    static final int SESSION_ERROR = -32000;
    /** The methods the endpoint serves in own mode besides whatever else the server answers. */
    static final String ALLOW = "POST, DELETE";

    static final String MESSAGE_REQUIRED = "Bad Request: Mcp-Session-Id header is required; "
            + "send initialize first";
    static final String MESSAGE_UNKNOWN = "Session not found: it expired or was ended; "
            + "send a new initialize request without Mcp-Session-Id to start a new session";
    static final String MESSAGE_NO_STREAM = "Method Not Allowed: this endpoint offers no server-to-client stream (GET)";

    private static final Logger LOG = System.getLogger(OwnedSessions.class.getName());

    private final SessionBook book;
    private final SessionIdMint mint;
    private final GateMetrics metrics;
    private final int maxSessions;
    private final String retryAfterSeconds;

    /**
     * @param retryAfter what a 503 tells the client to wait: the sweep interval, after which
     *                   expired sessions have made room
     */
    public OwnedSessions(SessionBook book, SessionIdMint mint, GateMetrics metrics, int maxSessions, Duration retryAfter) {
        this.book = book;
        this.mint = mint;
        this.metrics = metrics;
        this.maxSessions = maxSessions;
        this.retryAfterSeconds = Long.toString(retryAfterSeconds(retryAfter));
    }

    /** Whole seconds, rounded up, at least 1 ({@code Retry-After} takes delta-seconds). */
    static long retryAfterSeconds(Duration retryAfter) {
        long seconds = retryAfter.toSeconds() + (retryAfter.toNanosPart() > 0 ? 1 : 0);
        return Math.max(1, seconds);
    }

    /**
     * Applies the session rules to an exchange that has been wrapped but not passed on. When the
     * filter answers it itself, the exchange is marked {@link Exchange#answered} (and, for a
     * refusal, {@link Exchange#rejected} with its violation): the caller must not call the chain.
     * Never throws: when the store fails, the exchange passes to the server as it came (fail open),
     * counted as the filter's own failure.
     */
    void admit(Exchange x) {
        try {
            OwnDecision decision = OwnDecision.of(x.httpMethod, x.era, isInitialize(x), x.sessionId != null,
                    x.session != null, book.size() >= maxSessions);
            switch (decision) {
                case PASS -> {
                }
                case START -> start(x);
                case SESSION_REQUIRED -> refuse(x, Violation.SESSION_REQUIRED, HttpServletResponse.SC_BAD_REQUEST,
                        SESSION_ERROR, MESSAGE_REQUIRED);
                case SESSION_UNKNOWN -> refuse(x, Violation.SESSION_UNKNOWN, HttpServletResponse.SC_NOT_FOUND,
                        unknownSessionBody(x.envelope));
                case NO_STREAM -> {
                    x.response().setHeader("Allow", ALLOW);
                    refuse(x, Violation.METHOD_NOT_ALLOWED, HttpServletResponse.SC_METHOD_NOT_ALLOWED,
                            JsonRpcErrors.INVALID_REQUEST, MESSAGE_NO_STREAM);
                }
                case FULL -> full(x);
                case DELETE -> delete(x);
                    default -> throw new IllegalStateException("unhandled " + decision);
            }
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "McpGate could not write an own-mode answer; the client went away", e);
        } catch (RuntimeException e) {
            ownFailure(e);
        }
    }

    /**
     * An {@code initialize} with room for its session: the session is minted and kept now, before
     * the server sees the request, so that the slot is taken by the same store operation that checks
     * the bound. A successful answer then names it ({@link #nameBeforeAnswer}); any other answer
     * leaves it to the exchange's end, which forgets the session again ({@link Exchange#trackedEarly}).
     * When the store does not take it (it filled meanwhile), the request is answered 503 like any
     * over the limit: a client must never get a 200 {@code initialize} without a session it can use.
     */
    private void start(Exchange x) throws IOException {
        String id = mint.next();
        boolean kept;
        try {
            kept = book.keep(id, x.servletPath, x.pathInfo, x.envelope.protocolVersion(),
                    x.envelope.clientIdentity(), x.principal, x.start);
        } catch (RuntimeException e) {
            // fail open, but still name a session: without one the client would get 400 on every
            // later request; with an untracked id it gets 404 (initialize again) or, while the store
            // stays broken, passes unobserved
            ownFailure(e);
            x.tap().beforeCommit(() -> nameBeforeAnswer(x, id));
            return;
        }
        if (!kept) {
            full(x);
            return;
        }
        x.trackedEarly = id;
        x.tap().beforeCommit(() -> nameBeforeAnswer(x, id));
    }

    private void full(Exchange x) throws IOException {
        metrics.sessionRefused();
        x.response().setHeader("Retry-After", retryAfterSeconds);
        refuse(x, Violation.SESSION_LIMIT, HttpServletResponse.SC_SERVICE_UNAVAILABLE, SESSION_ERROR,
                "Service Unavailable: too many sessions open; retry after " + retryAfterSeconds + " s");
    }

    /**
     * The answer to an unknown, deleted or expired session: also what a session presented by another
     * principal gets, so that the two cannot be told apart.
     */
    byte[] unknownSessionBody(dev.mcpgate.protocol.JsonRpcEnvelope envelope) {
        return JsonRpcErrors.body(envelope, SESSION_NOT_FOUND, MESSAGE_UNKNOWN);
    }

    private void refuse(Exchange x, Violation violation, int status, int code, String message) throws IOException {
        refuse(x, violation, status, JsonRpcErrors.body(x.envelope, code, message));
    }

    private void refuse(Exchange x, Violation violation, int status, byte[] body) throws IOException {
        x.violation = violation;
        x.rejected = true;
        x.answered = true;
        metrics.violation(violation, true);
        ErrorAnswers.send(x.response(), status, body);
    }

    /** The client ends its session: gone at once (a request racing the DELETE gets 404), then 204. */
    private void delete(Exchange x) {
        book.ended(x.sessionId, dev.mcpgate.event.EndReason.CLIENT_DELETE, java.time.Instant.now());
        x.answered = true; // only once the store has done its part: a store failure lets the DELETE pass
        x.response().setStatus(HttpServletResponse.SC_NO_CONTENT);
    }

    /** A successful {@code initialize} answer is about to leave: name the session kept for it. */
    private static void nameBeforeAnswer(Exchange x, String id) {
        if (x.response().getStatus() == HttpServletResponse.SC_OK) {
            x.response().setHeader(McpHeaders.SESSION_ID, id);
        }
    }

    /** The store failed: the exchange passes unjudged; counted and logged like the observer's own trouble. */
    private void ownFailure(RuntimeException e) {
        metrics.observerFailed();
        Level level = metrics.observerFailures() == 1 ? Level.WARNING : Level.DEBUG;
        LOG.log(level, "McpGate could not apply the own-mode session rules; the request passes to the server", e);
    }

    private static boolean isInitialize(Exchange x) {
        return x.envelope != null && x.envelope.kind() == MessageKind.REQUEST
                && x.envelope.mcpMethod() == McpMethod.INITIALIZE;
    }
}
