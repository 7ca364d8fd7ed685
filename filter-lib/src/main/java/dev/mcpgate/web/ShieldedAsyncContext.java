package dev.mcpgate.web;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The {@link AsyncContext} a servlet gets when its answer may become a resumable stream. While the
 * answer is resumed, the container's end of it — the client went away, or McpGate closed the
 * connection early — is not the servlet's: its listeners are not told, and it goes on writing into
 * the replay log, so that the client finds everything when it resumes. (The MCP Java SDK closes its
 * stream when told, and drops what it would have sent after.) The servlet's own
 * {@link #complete()} ends the stream; a client away longer than {@code resume-detached-timeout}
 * ends it too ({@link #abandon()}: the listeners hear an error, then the completion). For any other
 * answer the context is the container's, listeners and all.
 */
final class ShieldedAsyncContext extends ForwardingAsyncContext implements AsyncListener {

    private record Registered(AsyncListener listener, ServletRequest request, ServletResponse response) {
    }

    private final ResumeCandidate candidate;
    private final ObservedResponse response;
    private final CapturedRequest request;
    private final List<Registered> listeners = new CopyOnWriteArrayList<>();
    private final AtomicBoolean servletDone = new AtomicBoolean();
    private final AtomicBoolean listenersCompleted = new AtomicBoolean();
    private volatile boolean containerDone;

    ShieldedAsyncContext(AsyncContext inner, ResumeCandidate candidate, CapturedRequest request, ObservedResponse response) {
        super(inner);
        this.candidate = candidate;
        this.request = request;
        this.response = response;
        inner.addListener(this);
        candidate.shieldedBy(this);
    }

    /** Whether the container's end of the answer is kept from the servlet now. */
    private boolean shielding() {
        return candidate.isResuming() && !servletDone.get() && !candidate.abandoned();
    }

    @Override
    public void complete() {
        if (!servletDone.compareAndSet(false, true)) {
            return;
        }
        candidate.finish();
        if (containerDone) {
            completeListeners(); // the container ended its part before; the servlet's listeners hear of the end now
        } else {
            try {
                inner.complete();
            } catch (IllegalStateException e) {
                completeListeners(); // the container ended it meanwhile
            }
        }
    }

    /** McpGate ends the client's connection early (sse-close-after, or the stream was resumed elsewhere). */
    void endForClient() {
        if (!containerDone) {
            try {
                inner.complete();
            } catch (IllegalStateException e) {
                // the container ended it meanwhile
            }
        }
    }

    /** The client stayed away too long: the servlet is told of an error and the end, so that it stops. */
    void abandon() {
        AsyncEvent event = new AsyncEvent(this, request, response, new IOException("the client did not resume in time"));
        for (Registered r : listeners) {
            try {
                r.listener.onError(event);
            } catch (IOException | RuntimeException e) {
                // a listener's trouble is its own
            }
        }
        if (containerDone) {
            completeListeners();
        } else {
            endForClient();
        }
    }

    private void completeListeners() {
        if (listenersCompleted.compareAndSet(false, true)) {
            for (Registered r : listeners) {
                try {
                    r.listener.onComplete(new AsyncEvent(this, r.request, r.response));
                } catch (IOException | RuntimeException e) {
                    // a listener's trouble is its own
                }
            }
        }
    }

    // ----------------------------------------------------------------- the container's events

    @Override
    public void onComplete(AsyncEvent event) {
        containerDone = true;
        response.freeze();
        request.freeze();
        if (shielding()) {
            candidate.containerEnded();
            return;
        }
        completeListeners();
    }

    @Override
    public void onTimeout(AsyncEvent event) throws IOException {
        for (Registered r : listeners) {
            r.listener.onTimeout(new AsyncEvent(this, r.request, r.response, event.getThrowable()));
        }
    }

    @Override
    public void onError(AsyncEvent event) throws IOException {
        if (shielding()) {
            candidate.containerEnded();
            return;
        }
        for (Registered r : listeners) {
            r.listener.onError(new AsyncEvent(this, r.request, r.response, event.getThrowable()));
        }
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
        // a new async cycle: not supported on a resumable answer; the listeners stay with this context
    }

    // ----------------------------------------------------------------- the servlet's context

    @Override
    public void addListener(AsyncListener listener) {
        listeners.add(new Registered(listener, request, response));
    }

    @Override
    public void addListener(AsyncListener listener, ServletRequest request, ServletResponse response) {
        listeners.add(new Registered(listener, request, response));
    }

    @Override
    public ServletRequest getRequest() {
        return containerDone ? request : inner.getRequest();
    }

    @Override
    public ServletResponse getResponse() {
        return containerDone ? response : inner.getResponse();
    }

    @Override
    public void setTimeout(long timeout) {
        if (!containerDone) {
            inner.setTimeout(timeout);
        }
    }

    @Override
    public long getTimeout() {
        return containerDone ? 0 : inner.getTimeout();
    }
}
