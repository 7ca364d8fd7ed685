package dev.mcpgate.web;

import dev.mcpgate.event.EventQueue;
import dev.mcpgate.event.GateMetrics;
import dev.mcpgate.event.SecurityEvent;
import dev.mcpgate.event.Violation;
import dev.mcpgate.guard.ErrorBodies;
import dev.mcpgate.guard.Finding;
import dev.mcpgate.guard.GuardVerdict;
import dev.mcpgate.guard.RequestGuard;
import dev.mcpgate.protocol.Era;
import dev.mcpgate.protocol.JsonRpcErrors;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Enumeration;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.function.Consumer;

/**
 * The guard ({@link RequestGuard}) at one endpoint, in the terms of an exchange: the header checks
 * before the body is read, how much of the body to read for them, the body and session checks, and
 * what a refusal costs — its count, its {@link SecurityEvent}, its answer. {@link ExchangeObserver}
 * calls it on the request thread; it holds no state per exchange.
 */
final class ExchangeGuard {

    private static final Logger LOG = System.getLogger(ExchangeGuard.class.getName());

    private final String endpoint;
    private final int maxRequestCapture;
    /** The guard checks; {@code null} when none runs. */
    private final RequestGuard guard;
    /** The {@code own}-mode session rules; {@code null} in {@code observe} mode. */
    private final OwnedSessions owned;
    private final GateMetrics metrics;
    private final EventQueue events;
    /** The observer's count and log of its own trouble. */
    private final Consumer<Throwable> failures;
    /** The headers {@link #checkHeaders} looks at for a second value, bit i of its mask for [i]. */
    private static final String[] CHECKED_HEADERS = {"Host", "Origin", McpHeaders.SESSION_ID,
        McpHeaders.PROTOCOL_VERSION, McpHeaders.METHOD, McpHeaders.NAME};

    private final java.util.concurrent.atomic.AtomicBoolean longIdWarned = new java.util.concurrent.atomic.AtomicBoolean();

    /** @param guard the checks that run, or {@code null} for none */
    ExchangeGuard(String endpoint, int maxRequestCapture, RequestGuard guard, OwnedSessions owned, GateMetrics metrics,
            EventQueue events, Consumer<Throwable> failures) {
        this.endpoint = endpoint;
        this.maxRequestCapture = maxRequestCapture;
        this.guard = guard;
        this.owned = owned;
        this.metrics = metrics;
        this.events = events;
        this.failures = failures;
    }

    /**
     * Notes the guard's finding on the exchange and counts it; answers a rejected request with its
     * refusal here.
     *
     * @return whether the request was refused (and answered)
     */
    boolean refusedByGuard(Exchange exchange, GuardVerdict verdict) {
        exchange.violation = verdict.violation();
        exchange.rejected = verdict.rejected();
        if (verdict.rejected()) {
            metrics.violation(verdict.violation(), true);
        } else {
            verdict.forEachReported(v -> metrics.violation(v, false)); // the row names the first; count them all
        }
        if (names(verdict, Violation.PRINCIPAL)) {
            securityEvent(exchange, verdict.rejected());
        }
        if (verdict.rejected()) {
            exchange.answered = true;
            refuse(exchange, verdict.rejection());
        }
        return verdict.rejected();
    }

    /**
     * Reads the MCP headers into {@code b} and runs the guard's header checks. Each checked header is
     * read once, through {@code getHeaders}: its first value and whether a second follows come from
     * one walk over the request's headers. (Tomcat converts a header's bytes to a new String at every
     * {@code getHeader}, while its {@code getHeaders} keeps the String it made; a {@code getHeader}
     * for the value and a {@code getHeaders} for the repeat cost two walks and two Strings.)
     */
    GuardVerdict checkHeaders(Exchange.Builder b, HttpServletRequest request) {
        int repeated = 0;
        Enumeration<String> values = request.getHeaders("Host");
        String host = first(request, "Host", values);
        repeated |= more(values) ? 1 : 0;
        values = request.getHeaders("Origin");
        String origin = first(request, "Origin", values);
        repeated |= more(values) ? 2 : 0;
        values = request.getHeaders(McpHeaders.SESSION_ID);
        b.sessionId = first(request, McpHeaders.SESSION_ID, values);
        repeated |= more(values) ? 4 : 0;
        values = request.getHeaders(McpHeaders.PROTOCOL_VERSION);
        b.protocolVersionHeader = first(request, McpHeaders.PROTOCOL_VERSION, values);
        repeated |= more(values) ? 8 : 0;
        values = request.getHeaders(McpHeaders.METHOD);
        b.methodHeader = first(request, McpHeaders.METHOD, values);
        repeated |= more(values) ? 16 : 0;
        values = request.getHeaders(McpHeaders.NAME);
        b.nameHeader = first(request, McpHeaders.NAME, values);
        repeated |= more(values) ? 32 : 0;
        GuardVerdict v = repeated == 0 ? null : repeats(repeated);
        return guard.checkHeaders(request.isSecure(), host, origin, b.sessionId,
                request.getContentLengthLong(), v);
    }

    /** The findings for the repeated headers, in the order the guard has always named them. */
    private GuardVerdict repeats(int repeated) {
        GuardVerdict v = null;
        for (int i = 0; i < CHECKED_HEADERS.length; i++) {
            if ((repeated & (1 << i)) != 0) {
                v = guard.repeatedHeader(CHECKED_HEADERS[i], v);
            }
        }
        return v;
    }

    /** A header's first value; {@code getHeader}'s when the container gives no {@code getHeaders} (it may). */
    private static String first(HttpServletRequest request, String name, Enumeration<String> values) {
        if (values == null) {
            return request.getHeader(name);
        }
        return values.hasMoreElements() ? values.nextElement() : null;
    }

    /** Whether a header has a second value (after {@link #first}). */
    private static boolean more(Enumeration<String> values) {
        return values != null && values.hasMoreElements();
    }

    /**
     * How much of a JSON POST body to read ahead: {@code max-request-capture}; when the body size is
     * checked and the length is not declared, up to one byte over {@code max-request-body}, so that
     * a body that goes on past the limit is known before the server reads it.
     */
    int captureLimit(HttpServletRequest request) {
        if (guard == null || !guard.checksBodySize() || request.getContentLengthLong() >= 0) {
            return maxRequestCapture;
        }
        return (int) Math.min(Integer.MAX_VALUE - 8L, Math.max(maxRequestCapture, guard.maxRequestBody() + 1));
    }

    /** The guard's checks of the body and the session; trouble here is the filter's own, and checks nothing. */
    GuardVerdict checkMessage(Exchange.Builder b, CapturedRequest captured, GuardVerdict verdict) {
        if (guard == null || (verdict != null && verdict.rejected())) {
            return verdict;
        }
        try {
            GuardVerdict v = guard.checkVersion(b.protocolVersionHeader, b.era == Era.MODERN, verdict);
            // a declared length was checked with the headers; this catches a body of unknown length
            if (captured.isCaptured() && captured.capturedLength() > guard.maxRequestBody()) {
                v = guard.bodyTooLarge(v);
            }
            v = guard.checkMessage(b.envelope, b.protocolVersionHeader, b.methodHeader, b.nameHeader, v);
            if (b.session != null) {
                v = guard.checkPrincipal(b.session.principal(), b.principal, v);
            }
            return v;
        } catch (RuntimeException e) {
            ownFailure(e);
            return verdict;
        }
    }

    /** Whether the verdict's refusal or report is of {@code violation}. */
    private static boolean names(GuardVerdict verdict, Violation violation) {
        return (verdict.rejection() != null && verdict.rejection().violation() == violation)
                || (verdict.reported() != null && verdict.reported().violation() == violation);
    }

    /** A session presented by another principal: a WARNING line and a {@link SecurityEvent} for observers. */
    private void securityEvent(Exchange x, boolean refused) {
        LOG.log(Level.WARNING, "McpGate endpoint {0}: a session started by one principal was presented by "
                + "another; {1}", endpoint, refused ? "answered 404 as for an unknown session" : "reported only");
        events.offer(new SecurityEvent(x.start, endpoint, Violation.PRINCIPAL, refused, x.sessionId,
                x.session.principal(), x.principal, x.original.getRemoteAddr()));
    }

    /**
     * Answers a refused request with the status and JSON-RPC error of its finding. A client that is
     * gone by now is the exchange's end, as when a servlet fails to write.
     */
    private void refuse(Exchange x, Finding finding) {
        byte[] body = finding.violation() == Violation.PRINCIPAL ? unknownSessionAnswer(x)
                : JsonRpcErrors.body(finding.withId() ? x.envelope : null, finding.code(), finding.message(),
                        finding.data());
        try {
            ErrorAnswers.send(x.response(), finding.status(), body);
        } catch (IOException | RuntimeException e) {
            x.chainFailed(e);
        }
    }

    /**
     * The body a client gets for a session that does not exist, byte for byte: a refusal for another
     * principal must not be told apart from it, or it would confirm that the session exists. In
     * {@code own} mode the filter's own 404; in {@code observe} mode the server's 404 as error hygiene
     * gives it (with {@code guard-error-body} below {@code enforce} the server's own body differs, and
     * the README says so).
     */
    private byte[] unknownSessionAnswer(Exchange x) {
        return owned != null ? owned.unknownSessionBody(x.envelope)
                : ErrorBodies.replacement(x.envelope, HttpServletResponse.SC_NOT_FOUND);
    }

    /**
     * The server minted a session id the guard's session id check would refuse on the client's next
     * request (longer than {@code max-session-id-length}): said once, at WARNING, with the setting
     * to raise, before every request of such sessions is reported or refused.
     */
    void warnIfRefusedLater(String sessionId) {
        if (guard != null && sessionId.length() > guard.maxSessionIdLength() && longIdWarned.compareAndSet(false, true)) {
            LOG.log(Level.WARNING, "McpGate endpoint {0}: the server minted a session id of {1} characters, longer "
                    + "than max-session-id-length={2}; the guard (guard-session-id) refuses or reports every "
                    + "request of such sessions: raise max-session-id-length", endpoint, sessionId.length(),
                    guard.maxSessionIdLength());
        }
    }

    private void ownFailure(Throwable e) {
        failures.accept(e);
    }
}
