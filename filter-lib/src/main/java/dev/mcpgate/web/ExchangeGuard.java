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

    /** The guard's header checks: each checked header once, then its value. */
    GuardVerdict checkHeaders(Exchange.Builder b, HttpServletRequest request) {
        String host = request.getHeader("Host");
        String origin = request.getHeader("Origin");
        GuardVerdict v = null;
        v = repeated(request, "Host", host, v);
        v = repeated(request, "Origin", origin, v);
        v = repeated(request, McpHeaders.SESSION_ID, b.sessionId, v);
        v = repeated(request, McpHeaders.PROTOCOL_VERSION, b.protocolVersionHeader, v);
        v = repeated(request, McpHeaders.METHOD, b.methodHeader, v);
        v = repeated(request, McpHeaders.NAME, b.nameHeader, v);
        return guard.checkHeaders(request.isSecure(), host, origin, b.sessionId,
                request.getContentLengthLong(), v);
    }

    /** Looks for a second value only of a header that is present: a clean request pays one null check per header. */
    private GuardVerdict repeated(HttpServletRequest request, String name, String first, GuardVerdict v) {
        if (first == null) {
            return v;
        }
        java.util.Enumeration<String> values = request.getHeaders(name);
        if (values == null || !values.hasMoreElements()) {
            return v;
        }
        values.nextElement();
        return values.hasMoreElements() ? guard.repeatedHeader(name, v) : v;
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
