package dev.mcpgate.web;

import dev.mcpgate.event.Outcome;
import dev.mcpgate.event.Violation;
import dev.mcpgate.protocol.Era;
import dev.mcpgate.protocol.JsonRpcEnvelope;
import dev.mcpgate.session.TrackedSession;
import dev.mcpgate.trace.ExchangeTrace;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One exchange in flight: what the filter learnt of the request before passing it on, the wrapped
 * request and response, and how it ended. It completes exactly once — right after the filter
 * chain returns, or, when the servlet went asynchronous, from the {@link AsyncListener} callback
 * {@code onComplete}.
 */
final class Exchange implements CapturedRequest.AsyncWatcher, AsyncListener {

    final long startNanos;
    final Instant start;
    final HttpServletRequest original;
    final String httpMethod;
    final JsonRpcEnvelope envelope;
    final Era era;
    final String sessionId;
    final TrackedSession session;
    final String principal;
    final String protocolVersionHeader;
    final String methodHeader;
    final String nameHeader;
    /**
     * {@link Outcome#AMBIGUOUS} or {@link Outcome#UNVERIFIED} when the request's envelope cannot be
     * trusted to say what the server runs; {@code null} when it can (or there is no body to read).
     */
    final Outcome requestVerdict;
    /** Where the request went inside the application: its servlet path and path info, as decoded. */
    final String servletPath;
    final String pathInfo;

    /** The exchange's span; {@link ExchangeTrace#NONE} when tracing is off. Set once, before the chain runs. */
    volatile ExchangeTrace trace = ExchangeTrace.NONE;

    /** The session id an {@code initialize} answer was about to carry when the filter tracked it. */
    volatile String trackedEarly;

    /**
     * What the guard found against this exchange, or {@code null}; with {@link #rejected} the
     * filter answered it itself and the row's outcome is {@link Outcome#REJECTED}.
     */
    volatile Violation violation;
    /** Whether the filter refused the exchange (the servlet never saw it) for {@link #violation}. */
    volatile boolean rejected;
    /**
     * Whether the filter answered the exchange itself (a refusal, or an {@code own}-mode DELETE):
     * the chain must not be called.
     */
    volatile boolean answered;

    /**
     * What an interceptor made of the exchange: {@link Outcome#BLOCKED} or {@link Outcome#MOCKED} (answered by
     * the filter), {@link Outcome#MODIFIED} (the server saw new params), or {@code null}.
     */
    volatile Outcome intercepted;
    /** The rule (or interceptor) that last decided something about the exchange, or {@code null}. */
    volatile String rule;
    /** Whether the response phase changed the answer the client got. */
    volatile boolean answerRewritten;
    /** The response phase of the interceptors that want the answer, or {@code null}. */
    volatile AnswerRewriter answerRewriter;
    /** The era of the server the era bridge translated this exchange for, or {@code null} when not bridged. */
    volatile Era upstreamEra;
    /** Whether the exchange is the era bridge's own call to the server (the upstream leg). */
    volatile boolean bridgeLeg;
    /** The interceptor chain ran before the era bridge took the exchange: it does not run again. */
    boolean judged;

    private CapturedRequest request;
    private ObservedResponse response;
    private ResponseTap tap;
    private final Consumer<Exchange> completion;
    private final AtomicBoolean completed = new AtomicBoolean();
    private volatile boolean async;
    private volatile boolean timedOut;
    private volatile boolean clientGone;
    private volatile boolean chainFailed;
    /** The servlet's context when its answer may become a resumable stream. */
    private ShieldedAsyncContext shielded;

    Exchange(Builder b) {
        this.startNanos = b.startNanos;
        this.start = b.start;
        this.original = b.original;
        this.httpMethod = b.original.getMethod();
        this.envelope = b.envelope;
        this.era = b.era;
        this.sessionId = b.sessionId;
        this.session = b.session;
        this.principal = b.principal;
        this.protocolVersionHeader = b.protocolVersionHeader;
        this.methodHeader = b.methodHeader;
        this.nameHeader = b.nameHeader;
        this.requestVerdict = b.requestVerdict;
        this.servletPath = b.servletPath;
        this.pathInfo = b.pathInfo;
        this.completion = b.completion;
    }

    /** The request and response wrappers; set once, before the chain runs. */
    void wrap(CapturedRequest request, ObservedResponse response, ResponseTap tap) {
        this.request = request;
        this.response = response;
        this.tap = tap;
    }

    CapturedRequest request() {
        return request;
    }

    ObservedResponse response() {
        return response;
    }

    ResponseTap tap() {
        return tap;
    }

    @Override
    public ServletResponse observedResponse() {
        return response;
    }

    @Override
    public AsyncContext asyncStarted(AsyncContext context) {
        // only enforce must act before complete(); report judges in time at onComplete (it writes nothing)
        ErrorHygiene hygiene = response.hygiene();
        boolean changes = (hygiene != null && hygiene.enforces()) || response.holdsAnswer();
        AsyncContext given = changes ? new CompletingAsyncContext(context, this::endBody) : context;
        ResumeCandidate resume = response.resumeCandidate();
        if (resume != null) {
            // the exchange ends when the servlet completes it, not when the container ends a resumed answer
            given = shielded != null ? shielded : (shielded = new ShieldedAsyncContext(given, resume, request, response));
        }
        if (!async) {
            async = true;
            (resume != null ? given : context).addListener(this);
        }
        return given;
    }

    /** The body is over: error hygiene judges what it held, then a held answer is rewritten and sent. */
    private void endBody() {
        endErrorBody();
        endHeldAnswer();
    }

    /** Sends what is held for rewriting. The client's I/O failure while doing so ends nothing else. */
    private void endHeldAnswer() {
        if (response.holdsAnswer()) {
            try {
                response.endHeldAnswer();
            } catch (java.io.IOException e) {
                clientGone = true;
            } catch (RuntimeException e) {
                // the response was completed around the wrapper: nothing can be changed any more
            }
        }
    }

    /**
     * The body is over (the chain returned without going asynchronous, or the exchange completes):
     * error hygiene judges what it held. The client's I/O failure while doing so ends nothing else.
     */
    private void endErrorBody() {
        ErrorHygiene hygiene = response.hygiene();
        if (hygiene != null && !hygiene.passing && !rejected) { // the filter's own answers are JSON-RPC already
            try {
                hygiene.end();
            } catch (java.io.IOException e) {
                clientGone = true;
            } catch (RuntimeException e) {
                // the response was completed around the wrapper: nothing can be changed any more
            }
        }
    }

    /** The servlet threw: the container answers 500 unless it had committed a response already. */
    void chainFailed(Throwable failure) {
        chainFailed = true;
        if (failure instanceof java.io.IOException) {
            clientGone = true; // an I/O error escaping the servlet is almost always the client going away
        }
    }

    /**
     * The servlet threw: under error hygiene {@code enforce}, a failure ({@link RuntimeException}
     * or {@link jakarta.servlet.ServletException}, not an I/O error or an {@link Error}) of a
     * synchronous exchange with nothing committed is answered with a JSON-RPC 500 here, instead of
     * the container's error page.
     *
     * @return whether it was answered (the caller then ends the exchange normally)
     */
    boolean answerFailure(Throwable failure) {
        ErrorHygiene hygiene = response.hygiene();
        boolean servletFailure = failure instanceof RuntimeException || failure instanceof jakarta.servlet.ServletException;
        if (hygiene == null || !servletFailure || async || original.isAsyncStarted()) {
            return false;
        }
        try {
            return hygiene.failed(failure);
        } catch (java.io.IOException e) {
            clientGone = true;
            return false;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * Called when the filter chain returned: completes now, unless the servlet went asynchronous
     * (through the wrapper, or around it through the original request).
     */
    void chainReturned() {
        if (!async && original.isAsyncStarted()) {
            asyncStarted(original.getAsyncContext());
        }
        if (!async) {
            endErrorBody();
            ResumeCandidate resume = response.resumeCandidate();
            if (resume != null) {
                resume.finish(); // a synchronous servlet's stream ends when it returns
            }
            endHeldAnswer();
            complete();
        }
    }

    boolean timedOut() {
        return timedOut;
    }

    boolean clientGone() {
        return clientGone;
    }

    boolean chainFailedBeforeCommit() {
        return chainFailed && !response.isCommitted();
    }

    @Override
    public void onComplete(AsyncEvent event) {
        complete();
    }

    @Override
    public void onTimeout(AsyncEvent event) {
        timedOut = true;
    }

    @Override
    public void onError(AsyncEvent event) {
        clientGone = true;
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
        event.getAsyncContext().addListener(this); // listeners must re-register on a new async cycle
    }

    private void complete() {
        if (completed.compareAndSet(false, true)) {
            endBody(); // a last chance when the servlet completed around the wrapper; may find the response closed
            completion.accept(this);
        }
    }

    /** The request-side facts, gathered before the exchange is wrapped. */
    static final class Builder {
        long startNanos;
        Instant start;
        HttpServletRequest original;
        JsonRpcEnvelope envelope;
        Era era;
        String sessionId;
        TrackedSession session;
        String principal;
        String protocolVersionHeader;
        String methodHeader;
        String nameHeader;
        Outcome requestVerdict;
        String servletPath;
        String pathInfo;
        Consumer<Exchange> completion;
    }
}
