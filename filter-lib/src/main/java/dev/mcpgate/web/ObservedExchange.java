package dev.mcpgate.web;

import dev.mcpgate.trace.TraceScope;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The handle the filter holds while an exchange runs through the chain: the wrapped request and
 * response to pass on, and the two moments the observer must hear of.
 */
public final class ObservedExchange {

    private final Exchange exchange;

    ObservedExchange(Exchange exchange) {
        this.exchange = exchange;
    }

    /** The exchange itself, for the package's tests. */
    Exchange exchange() {
        return exchange;
    }

    /** The request to pass down the chain: replays the body read ahead, watches {@code startAsync}. */
    public HttpServletRequest request() {
        return exchange.request();
    }

    /** The response to pass down the chain: forwards every byte at once and tees it. */
    public HttpServletResponse response() {
        return exchange.response();
    }

    /**
     * Whether the filter answered the request itself (a refusal, an {@code own}-mode DELETE): then
     * the chain must not be called, only {@link #chainReturned()}.
     */
    public boolean answered() {
        return exchange.answered;
    }

    /**
     * Makes the exchange's span current on this thread while the chain runs (the caller closes it on
     * the same thread); {@link TraceScope#NONE} without tracing. Never throws.
     */
    public TraceScope traceScope() {
        try {
            return exchange.trace.makeCurrent();
        } catch (RuntimeException | LinkageError e) {
            return TraceScope.NONE; // the exchange goes on untraced
        }
    }

    /** The chain threw; the throwable is rethrown by the caller. */
    public void chainFailed(Throwable failure) {
        exchange.chainFailed(failure);
    }

    /**
     * The chain threw: under {@code guard-error-body=enforce} a servlet failure with nothing
     * committed is answered here with a JSON-RPC error (status 500) rather than by the
     * container's error page.
     *
     * @return whether it was answered: the caller logs the failure and does not rethrow it
     */
    public boolean answerFailure(Throwable failure) {
        return exchange.answerFailure(failure);
    }

    /** The chain returned or threw: completes the exchange now unless the servlet went asynchronous. */
    public void chainReturned() {
        exchange.chainReturned();
    }
}
