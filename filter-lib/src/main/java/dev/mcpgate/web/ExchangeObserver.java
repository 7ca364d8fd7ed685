package dev.mcpgate.web;

import dev.mcpgate.event.CatalogueCapture;
import dev.mcpgate.event.CatalogueCaptures;
import dev.mcpgate.event.EndReason;
import dev.mcpgate.event.EventQueue;
import dev.mcpgate.event.GateMetrics;
import dev.mcpgate.event.Outcome;
import dev.mcpgate.event.RequestCompleted;
import dev.mcpgate.event.Violation;
import dev.mcpgate.guard.GuardLevel;
import dev.mcpgate.guard.GuardVerdict;
import dev.mcpgate.guard.RequestGuard;
import dev.mcpgate.intercept.InterceptorChain;
import dev.mcpgate.protocol.ClientIdentity;
import dev.mcpgate.protocol.EnvelopeReader;
import dev.mcpgate.protocol.Era;
import dev.mcpgate.protocol.EraDetector;
import dev.mcpgate.protocol.JsonRpcEnvelope;
import dev.mcpgate.protocol.McpMethod;
import dev.mcpgate.protocol.MessageKind;
import dev.mcpgate.resume.ResumableStream;
import dev.mcpgate.resume.Resumption;
import dev.mcpgate.trace.ExchangeTrace;
import dev.mcpgate.trace.ExchangeTracer;
import dev.mcpgate.trace.TraceStart;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.security.Principal;
import java.time.Instant;

/**
 * Observes exchanges at one endpoint in {@code observe} mode: {@link #begin} classifies a request
 * and wraps it, {@link #complete} turns the finished exchange into a {@link RequestCompleted} event
 * and keeps the session book. Both never throw: the caller passes the exchange on untouched when
 * {@link #begin} returns {@code null}, and trouble in {@link #complete} is counted, not raised.
 */
public final class ExchangeObserver {

    /** Longest error message kept in a row. */
    public static final int MAX_ERROR_MESSAGE = 512;

    private static final Logger LOG = System.getLogger(ExchangeObserver.class.getName());
    /** The W3C Trace Context request headers. */
    private static final String TRACEPARENT = "traceparent";
    private static final String TRACESTATE = "tracestate";

    private final String endpoint;
    private final int maxRequestCapture;
    private final int maxResponseCapture;
    private final int maxSseLine;
    private final SessionBook sessions;
    private final EventQueue events;
    private final GateMetrics metrics;
    private final CatalogueCaptures captures;
    private final int maxCatalogueCapture;
    /** The guard checks; {@code null} when none runs. */
    private final RequestGuard guard;
    /** The {@code own}-mode session rules; {@code null} in {@code observe} mode. */
    private final OwnedSessions owned;
    private volatile GuardLevel errorBodyLevel = GuardLevel.OFF;
    /** SSE resumability ({@code resume}); {@code null} when off. */
    private volatile Resumption resumption;
    /** Starts the span of each exchange; {@link ExchangeTracer#NONE} when tracing is off. */
    private volatile ExchangeTracer tracer = ExchangeTracer.NONE;
    /** The interceptor chain's request side; {@code null} when no interceptor is installed. */
    private volatile Interception interception;
    /** The guard's checks in the terms of an exchange. */
    private final ExchangeGuard checks;
    /** The row's outcome, error code, violation and message. */
    private final RowOutcome outcomes;
    /** The era bridge ({@code bridge=on}); {@code null} when off. */
    private volatile ExchangeBridge bridge;

    /**
     * @param captures            where the answers of list methods (and list-changed notifications)
     *                            go for the catalogue history
     * @param maxCatalogueCapture the largest such answer kept, in bytes
     * @param guard               the spec checks run before the chain, or {@code null} for none
     * @param owned               the {@code own}-mode session rules, or {@code null} in {@code observe} mode
     */
    public ExchangeObserver(String endpoint, int maxRequestCapture, int maxResponseCapture, int maxSseLine,
                            SessionBook sessions, EventQueue events, GateMetrics metrics,
                            CatalogueCaptures captures, int maxCatalogueCapture, RequestGuard guard,
                            OwnedSessions owned) {
        this.guard = guard == null || !guard.isOn() ? null : guard;
        this.owned = owned;
        this.captures = captures;
        this.maxCatalogueCapture = maxCatalogueCapture;
        this.endpoint = endpoint;
        this.maxRequestCapture = maxRequestCapture;
        this.maxResponseCapture = maxResponseCapture;
        this.maxSseLine = maxSseLine;
        this.sessions = sessions;
        this.events = events;
        this.metrics = metrics;
        this.checks = new ExchangeGuard(endpoint, maxRequestCapture, this.guard, owned, metrics, events, this::ownFailure);
        this.outcomes = new RowOutcome(maxRequestCapture);
    }

    /**
     * Sets the level of error hygiene ({@code guard-error-body}): whether error answers whose body
     * is not JSON-RPC are left alone ({@link GuardLevel#OFF}), recorded ({@link GuardLevel#REPORT})
     * or replaced by a JSON-RPC error ({@link GuardLevel#ENFORCE}). An error body is held back up
     * to {@code max-response-capture} bytes. Call before the first exchange.
     */
    public void checkErrorBodies(GuardLevel level) {
        this.errorBodyLevel = level;
    }

    /**
     * Turns SSE resumability on ({@code resume}): legacy-era SSE answers become resumable streams, and
     * a {@code GET} with {@code Last-Event-ID} is answered from their replay logs. Call before the
     * first exchange.
     */
    public void resumeStreams(Resumption resumption) {
        this.resumption = resumption;
    }

    /**
     * Traces the exchanges ({@code tracing}): a span per exchange, current while the chain runs, ended
     * when the exchange completes. Call before the first exchange.
     */
    public void traceExchanges(ExchangeTracer tracer) {
        this.tracer = tracer;
    }

    /**
     * Runs each JSON-RPC request through the interceptors before the server sees it ({@code interceptors}).
     * An empty chain installs nothing: the exchanges then cost what they cost without interceptors. Call
     * before the first exchange.
     */
    public void intercept(InterceptorChain chain) {
        this.interception = chain.isEmpty() ? null : new Interception(chain, metrics);
    }

    /**
     * Lets the era bridge take the exchanges it translates ({@code bridge=on}); see {@link ExchangeBridge}. Call
     * before the first exchange.
     */
    public void bridge(ExchangeBridge bridge) {
        this.bridge = bridge;
    }

    /**
     * A request arrived: run the guard's header checks, read the envelope ahead, run the guard's
     * message checks, resolve the session, wrap request and response. When an enforced check
     * refuses the request, the refusal is answered here ({@link ObservedExchange#answered()}): the
     * caller completes the exchange without calling the chain, and it is recorded like any other.
     *
     * @return the exchange to pass on, or {@code null} when the filter itself failed (the caller
     *         then passes the original request and response on; nothing was read from them)
     */
    public ObservedExchange begin(HttpServletRequest request, HttpServletResponse response) {
        Exchange.Builder b = new Exchange.Builder();
        b.startNanos = System.nanoTime();
        b.start = Instant.now();
        b.original = request;
        GuardVerdict verdict;
        try {
            verdict = readHeaders(b, request);
        } catch (RuntimeException e) {
            ownFailure(e);
            return null;
        }
        // From here the body may have been read: the exchange must go on wrapped, whatever happens.
        ExchangeHolder holder = new ExchangeHolder();
        boolean refused = verdict != null && verdict.rejected(); // a refused body is never read
        CapturedRequest captured = isJsonPost(request) && !refused
                ? CapturedRequest.capture(request, checks.captureLimit(request), holder)
                : CapturedRequest.uncaptured(request, holder);
        classify(b, captured);
        verdict = checks.checkMessage(b, captured, verdict);
        if (b.session != null && !(verdict != null && verdict.rejected())) {
            // the session book notes the use (and tells the store, which may be remote) or, in own mode,
            // ends a session found expired before the request can renew it; a refused request keeps none alive
            b.session = sessions.touch(b.sessionId, b.start.toEpochMilli());
        }
        Exchange exchange = new Exchange(b);
        holder.exchange = exchange;
        if (tracer.isOn()) {
            exchange.trace = startTrace(exchange, request);
        }
        ResponseTap tap = tapFor(b, response);
        ObservedResponse observed = new ObservedResponse(response, tap);
        observed.checkErrorBodies(errorBodyLevel, b.envelope, b.sessionId, maxResponseCapture);
        exchange.wrap(captured, observed, tap);
        if (verdict != null && verdict.violation() != null && checks.refusedByGuard(exchange, verdict)) {
            return new ObservedExchange(exchange);
        }
        if (bridge != null && bridged(exchange)) {
            return new ObservedExchange(exchange); // answered here or translated on a bridge thread
        }
        if (resumption != null && b.era == Era.LEGACY && b.sessionId != null && resumes(exchange, request, observed, tap)) {
            return new ObservedExchange(exchange);
        }
        if (owned != null) {
            owned.admit(exchange); // may answer it itself: see ObservedExchange.answered()
        } else if (b.envelope != null && b.envelope.mcpMethod() == McpMethod.INITIALIZE) {
            tap.beforeCommit(() -> trackBeforeAnswer(exchange));
        }
        // a bridge leg was judged as the client's exchange it serves: it is not intercepted again (its principal
        // is the bridge's, not the client's)
        Interception chain = exchange.bridgeLeg || exchange.judged ? null : interception;
        if (chain != null && chain.refusedUnreadable(exchange, maxRequestCapture)) {
            return new ObservedExchange(exchange); // what a fail-closed interceptor cannot judge is refused
        }
        if (chain != null && Interception.applies(exchange)) {
            intercept(chain, exchange);
        }
        return new ObservedExchange(exchange);
    }

    /**
     * The request phase; trouble of the filter's own here lets the request pass as it is. When an
     * interceptor wants the answer, {@link Exchange#answerRewriter} is set: the response holds the answer
     * back for it ({@code ObservedResponse.holdForRewrite}, issue 13's answer side).
     */
    private void intercept(Interception chain, Exchange exchange) {
        try {
            chain.run(exchange, requestedVersion(exchange), callerClient(exchange), endpoint);
        } catch (RuntimeException | StackOverflowError e) {
            ownFailure(e);
        }
    }

    /** The exchange's headers, session and principal into {@code b}; the guard's header checks, if any. */
    private GuardVerdict readHeaders(Exchange.Builder b, HttpServletRequest request) {
        b.completion = this::complete;
        GuardVerdict verdict = null;
        if (guard == null) {
            b.protocolVersionHeader = request.getHeader(McpHeaders.PROTOCOL_VERSION);
            b.methodHeader = request.getHeader(McpHeaders.METHOD);
            b.nameHeader = request.getHeader(McpHeaders.NAME);
            b.sessionId = request.getHeader(McpHeaders.SESSION_ID);
        } else {
            verdict = checks.checkHeaders(b, request); // reads the same headers, each once with its repeat check
        }
        b.servletPath = request.getServletPath();
        b.pathInfo = request.getPathInfo();
        b.principal = principalName(request);
        b.session = sessions.find(b.sessionId);
        return verdict;
    }

    /** The tap on the answer; it keeps the answer whole when the catalogue wants this list method's. */
    private ResponseTap tapFor(Exchange.Builder b, HttpServletResponse response) {
        String requestId = b.envelope == null ? null : b.envelope.id();
        ResponseTap tap = new ResponseTap(response::getContentType, requestId, maxResponseCapture, maxSseLine, metrics,
                captures, endpoint, b.sessionId);
        if (b.envelope != null && b.requestVerdict == null && captures.wants(b.envelope.mcpMethod())) {
            tap.keepAnswer(maxCatalogueCapture);
        }
        return tap;
    }

    /**
     * Starts the exchange's span from what the request says (the guard's refusals included: they are
     * traced like any exchange) and publishes its context as request attributes for servlets that
     * call further. Trouble here is the filter's own: the exchange goes on untraced.
     */
    private ExchangeTrace startTrace(Exchange x, HttpServletRequest request) {
        try {
            JsonRpcEnvelope envelope = x.envelope;
            if (!tracer.recording() && !carriesTraceContext(request, envelope)) {
                return ExchangeTrace.NONE; // nothing would record it, and nothing is to be carried on
            }
            String method = mcpMethod(x);
            String requestId = envelope != null && envelope.kind() == MessageKind.REQUEST ? envelope.id() : null;
            ExchangeTrace trace = tracer.start(new TraceStart(
                    x.start.getEpochSecond() * 1_000_000_000L + x.start.getNano(), x.httpMethod, method,
                    McpMethod.of(method).targetKind(), target(x), requestId, requestedVersion(x), x.sessionId,
                    request.getHeader(TRACEPARENT), request.getHeader(TRACESTATE),
                    envelope == null ? null : envelope.metaTraceparent(),
                    envelope == null ? null : envelope.metaTracestate(),
                    request.getRemoteAddr(), request.getRemotePort(), httpVersion(request.getProtocol())));
            String traceparent = trace.traceparent();
            if (traceparent != null) {
                request.setAttribute(ExchangeTracer.TRACEPARENT_ATTRIBUTE, traceparent);
                String tracestate = trace.tracestate();
                if (tracestate != null) {
                    request.setAttribute(ExchangeTracer.TRACESTATE_ATTRIBUTE, tracestate);
                }
            }
            return trace;
        } catch (RuntimeException | LinkageError e) {
            ownFailure(e);
            return ExchangeTrace.NONE;
        }
    }

    /** Whether the request brings a trace context to carry on (a span that records nothing still does that). */
    private static boolean carriesTraceContext(HttpServletRequest request, JsonRpcEnvelope envelope) {
        return request.getHeader(TRACEPARENT) != null || (envelope != null && envelope.metaTraceparent() != null);
    }

    /** The interceptor chain on an exchange the bridge is about to take; whether the chain answered it. */
    private boolean interceptedBeforeBridge(Exchange exchange) {
        Interception chain = interception;
        if (chain == null || exchange.judged) {
            return exchange.answered;
        }
        exchange.judged = true;
        if (chain.refusedUnreadable(exchange, maxRequestCapture)) {
            return true;
        }
        if (Interception.applies(exchange)) {
            intercept(chain, exchange);
        }
        return exchange.answered;
    }

    /** Whether the era bridge took the exchange; trouble of its own lets the exchange pass as it is. */
    private boolean bridged(Exchange exchange) {
        try {
            return bridge.take(new BridgedExchange(exchange, this::interceptedBeforeBridge));
        } catch (RuntimeException | LinkageError e) {
            ownFailure(e);
            return exchange.answered;
        }
    }

    /** The revision the request names: its header, else the body's ({@code _meta}, {@code initialize}), else the session's. */
    private static String requestedVersion(Exchange x) {
        if (x.protocolVersionHeader != null) {
            return x.protocolVersionHeader;
        }
        if (x.envelope != null && x.envelope.protocolVersion() != null) {
            return x.envelope.protocolVersion();
        }
        return x.session == null ? null : x.session.protocolVersion();
    }

    /** {@code network.protocol.version}: {@code HTTP/1.1} is {@code 1.1}, {@code HTTP/2.0} is {@code 2}. */
    static String httpVersion(String protocol) {
        if (protocol == null || !protocol.startsWith("HTTP/")) {
            return null;
        }
        String version = protocol.substring(5);
        return version.endsWith(".0") && !version.startsWith("1") ? version.substring(0, version.length() - 2) : version;
    }

    /**
     * Resumability for a legacy-era request naming a session: a {@code GET} with {@code Last-Event-ID}
     * is answered here from the replay logs (in {@code own} mode only for a live session); a POST or a
     * plain GET may get a resumable answer.
     *
     * @return whether the request was answered here
     */
    private boolean resumes(Exchange x, HttpServletRequest request, ObservedResponse observed, ResponseTap tap) {
        String method = request.getMethod();
        String lastEventId = "GET".equals(method) ? request.getHeader(ResumeAnswers.LAST_EVENT_ID) : null;
        if (lastEventId != null) {
            if (owned != null && x.session == null) {
                return false; // own mode answers an unknown session itself
            }
            x.answered = true;
            ResumeAnswers.answer(x, resumption, lastEventId, metrics);
            return true;
        }
        if ("POST".equals(method) || "GET".equals(method)) {
            observed.resumable(new ResumeCandidate(resumption, x.sessionId,
                    "POST".equals(method) ? ResumableStream.Kind.POST : ResumableStream.Kind.GET, tap));
        }
        return false;
    }

    /** An {@code initialize} answer is about to leave: track its session before the client can use it. */
    private void trackBeforeAnswer(Exchange x) {
        String sessionId = x.response().getHeader(McpHeaders.SESSION_ID);
        if (sessionId != null && x.response().getStatus() == HttpServletResponse.SC_OK) {
            x.trackedEarly = sessionId;
            sessions.track(sessionId, x.servletPath, x.pathInfo, x.envelope.protocolVersion(),
                    x.envelope.clientIdentity(), x.principal, x.start);
        }
    }

    private void classify(Exchange.Builder b, CapturedRequest captured) {
        try {
            b.envelope = captured.isCaptured() ? read(captured) : null;
            b.era = EraDetector.detect(b.protocolVersionHeader, b.methodHeader, b.nameHeader, b.sessionId, b.envelope);
            b.requestVerdict = verdict(b.original, captured.isWholeWithin(maxRequestCapture), b.envelope);
        } catch (RuntimeException | StackOverflowError e) {
            ownFailure(e);
            b.envelope = null;
            b.era = Era.UNKNOWN;
            b.requestVerdict = "POST".equals(b.original.getMethod()) ? Outcome.UNVERIFIED : null;
        }
    }

    /**
     * Whether the request's envelope says what the server runs: {@code null} when it does (or the
     * request has no body to read), {@link Outcome#AMBIGUOUS} when the message names a member
     * twice, {@link Outcome#UNVERIFIED} when a POST body was not read whole — cut at
     * {@code max-request-capture} before its object closed, not JSON to its end (or nested deeper
     * than the reader follows: a lenient server may still read it), a batch, or of a content type
     * the filter does not read. A whole body that is no JSON object at all (a scalar, text) is
     * left alone: no server can run it, and nothing is attributed to it.
     */
    private static Outcome verdict(HttpServletRequest request, boolean readWhole, JsonRpcEnvelope envelope) {
        if (!"POST".equals(request.getMethod())) {
            return null;
        }
        if (envelope == null) {
            return Outcome.UNVERIFIED;
        }
        if (envelope.ambiguous()) {
            return Outcome.AMBIGUOUS;
        }
        if (envelope.complete()) {
            return null;
        }
        MessageKind kind = envelope.kind();
        boolean noMessage = (kind == MessageKind.NOT_JSON || kind == MessageKind.EMPTY) && !envelope.truncated();
        return noMessage && readWhole ? null : Outcome.UNVERIFIED;
    }

    private JsonRpcEnvelope read(CapturedRequest captured) {
        // a body of unknown length may have been read past max-request-capture for the size check
        JsonRpcEnvelope envelope = EnvelopeReader.read(captured.captured(), 0,
                Math.min(captured.capturedLength(), maxRequestCapture));
        MessageKind kind = envelope.kind();
        if (kind == MessageKind.NOT_JSON || kind == MessageKind.NOT_JSON_RPC || kind == MessageKind.EMPTY) {
            metrics.unparsableBody();
        }
        return envelope;
    }

    /** The exchange finished: record it. Never throws. */
    void complete(Exchange exchange) {
        try {
            exchange.tap().finish();
            record(exchange);
        } catch (RuntimeException | StackOverflowError e) {
            ownFailure(e);
        }
    }

    private void record(Exchange x) {
        int status = x.chainFailedBeforeCommit() ? HttpServletResponse.SC_INTERNAL_SERVER_ERROR : x.response().getStatus();
        JsonRpcEnvelope answer = x.tap().answer();
        Outcome served = RowOutcome.serverOutcome(x, status, answer);
        Outcome outcome = RowOutcome.modified(x, served);
        String responseSessionId = x.response().getHeader(McpHeaders.SESSION_ID);
        boolean initialized = startsSession(x, status, answer, responseSessionId);
        String sessionId = x.sessionId != null ? x.sessionId : (initialized ? responseSessionId : null);
        RequestCompleted event = new RequestCompleted( // its id is rendered by the dispatcher, off this thread
                null, x.start, endpoint, sessionId, x.era, protocolVersion(x, answer),
                x.httpMethod, status, mcpMethod(x), x.envelope == null ? null : x.envelope.id(), target(x),
                outcome, RowOutcome.errorCode(answer), outcomes.errorMessage(x, outcome, status, answer),
                Math.max(1, (System.nanoTime() - x.startNanos) / 1000), x.request().bodyBytes(), x.tap().bytesSeen(),
                clientOf(x), x.principal, x.tap().isEventStream(), x.tap().messages(), RowOutcome.violation(x), x.rule,
                x.upstreamEra, x.bridgeLeg);
        if (event.violation() == Violation.ERROR_BODY && x.violation == null) {
            metrics.violation(Violation.ERROR_BODY, false); // counted like its row: outcome error, not rejected
        }
        try {
            keepSessionBook(x, event, outcome, initialized, responseSessionId);
        } catch (RuntimeException e) {
            ownFailure(e); // a failing session store costs the session's bookkeeping, never the exchange's row
        }
        endTrace(x, event);
        events.offer(event);
        // the tap saw the server's own answer, also when an interceptor rewrote what the client got
        if (served == Outcome.OK && x.envelope != null && captures.wants(x.envelope.mcpMethod())) {
            handOverAnswer(x, sessionId, event.client());
        }
        if (!initialized && x.sessionId != null && owned == null && !x.rejected) {
            // in own mode the filter ends sessions, never the server's answer; a refusal says nothing of the session
            endSessionIfOver(x, status);
        }
    }

    /** Ends the exchange's span with its outcome; a failure is the filter's own, the row is still recorded. */
    private void endTrace(Exchange x, RequestCompleted event) {
        try {
            x.trace.end(event);
        } catch (RuntimeException | LinkageError e) {
            ownFailure(e);
        }
    }

    private void keepSessionBook(Exchange x, RequestCompleted event, Outcome outcome, boolean initialized,
            String responseSessionId) {
        if (initialized) {
            checks.warnIfRefusedLater(responseSessionId);
            sessions.started(responseSessionId, x.servletPath, x.pathInfo, event.protocolVersion(), event.client(),
                    x.principal, x.start);
        } else if (x.trackedEarly != null) {
            sessions.untrack(x.trackedEarly);
        } else if (x.session != null && !x.rejected) {
            x.session.countRequest(!outcome.isSuccess());
        }
    }

    /** A list method answered: hand its body to the catalogue history (parsed there, not here). */
    private void handOverAnswer(Exchange x, String sessionId, ClientIdentity client) {
        byte[] body = x.tap().capturedAnswer();
        if (body != null) {
            captures.offer(new CatalogueCapture(x.start, endpoint, x.envelope.mcpMethod(), x.era, sessionId,
                    x.principal, client, x.envelope.paramsCursor(), body));
        } else if (x.tap().answerTooLarge()) {
            captures.skipped(endpoint, x.envelope.mcpMethod(), x.tap().bytesSeen());
        }
    }

    private static boolean startsSession(Exchange x, int status, JsonRpcEnvelope answer, String responseSessionId) {
        return responseSessionId != null && status == HttpServletResponse.SC_OK
                && x.envelope != null && x.envelope.mcpMethod() == McpMethod.INITIALIZE
                && (answer == null || answer.kind() == MessageKind.RESPONSE);
    }

    private void endSessionIfOver(Exchange x, int status) {
        Instant now = Instant.now();
        if ("DELETE".equals(x.httpMethod) && status >= 200 && status < 300) {
            sessions.deleted(x.sessionId, x.servletPath, x.pathInfo, now);
        } else if (status == HttpServletResponse.SC_NOT_FOUND) {
            sessions.notFound(x.sessionId, x.servletPath, x.pathInfo, now);
        }
    }

    /**
     * The method the body names. The {@code Mcp-Method} header, a client's claim, stands in only for
     * a body that could not be read whole, and then the row's outcome says {@code unverified}.
     */
    private static String mcpMethod(Exchange x) {
        String method = x.envelope == null ? null : x.envelope.method();
        return method != null || x.requestVerdict != Outcome.UNVERIFIED ? method : x.methodHeader;
    }

    /** The target the body names; the {@code Mcp-Name} header only as {@link #mcpMethod} allows. */
    private static String target(Exchange x) {
        String target = x.envelope == null ? null : x.envelope.target();
        return target != null || x.requestVerdict != Outcome.UNVERIFIED ? target : x.nameHeader;
    }

    private static String protocolVersion(Exchange x, JsonRpcEnvelope answer) {
        if (x.protocolVersionHeader != null) {
            return x.protocolVersionHeader;
        }
        if (answer != null && answer.resultProtocolVersion() != null) {
            return answer.resultProtocolVersion(); // the version the server chose in initialize
        }
        if (x.envelope != null && x.envelope.protocolVersion() != null) {
            return x.envelope.protocolVersion();
        }
        return x.session == null ? null : x.session.protocolVersion();
    }

    private static ClientIdentity clientOf(Exchange x) {
        ClientIdentity fromBody = x.envelope == null ? ClientIdentity.UNKNOWN : x.envelope.clientIdentity();
        if (fromBody.isKnown() || x.session == null) {
            return fromBody;
        }
        return x.session.client();
    }

    /**
     * Who the client is as the interceptors see it (a rule's {@code client} condition, a rate limit's
     * {@code key: client}, an approval's binding): a request in a session is the client the session started
     * as, whatever its {@code params.clientInfo} or {@code _meta} say (else a client could name itself anew
     * per request to slip past a rule or into another's rate-limit cell); unknown when the session is not
     * tracked. Only a request without a session (2026-07-28, or {@code initialize}) says it in its body.
     */
    private static ClientIdentity callerClient(Exchange x) {
        if (x.sessionId == null) {
            return x.envelope == null ? ClientIdentity.UNKNOWN : x.envelope.clientIdentity();
        }
        return x.session == null ? ClientIdentity.UNKNOWN : x.session.client();
    }

    private static boolean isJsonPost(HttpServletRequest request) {
        if (!"POST".equals(request.getMethod())) {
            return false;
        }
        String type = request.getContentType();
        // without a type, classify it anyway: the servlet decides whether to accept it
        return type == null || MediaTypes.isJson(type);
    }

    private static String principalName(HttpServletRequest request) {
        Principal principal = request.getUserPrincipal();
        return principal == null ? null : principal.getName();
    }

    private void ownFailure(Throwable e) {
        metrics.observerFailed();
        Level level = metrics.observerFailures() == 1 ? Level.WARNING : Level.DEBUG;
        LOG.log(level, "McpGate could not observe an exchange at " + endpoint + "; it passes through unobserved", e);
    }

    /** Lets the request wrapper reach the exchange, which is built after the body was read. */
    private static final class ExchangeHolder implements CapturedRequest.AsyncWatcher {
        Exchange exchange;

        @Override
        public ServletResponse observedResponse() {
            return exchange.observedResponse();
        }

        @Override
        public AsyncContext asyncStarted(AsyncContext context) {
            return exchange.asyncStarted(context);
        }
    }
}
