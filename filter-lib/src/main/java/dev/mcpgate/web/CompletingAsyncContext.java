package dev.mcpgate.web;

import jakarta.servlet.AsyncContext;

/**
 * The servlet's {@link AsyncContext}, with a step run just before {@link #complete()}: the last
 * moment at which an asynchronous answer can still be changed (error hygiene judges a held error
 * body there). Everything else is the container's context.
 */
final class CompletingAsyncContext extends ForwardingAsyncContext {

    private final Runnable beforeComplete;

    CompletingAsyncContext(AsyncContext context, Runnable beforeComplete) {
        super(context);
        this.beforeComplete = beforeComplete;
    }

    @Override
    public void complete() {
        try {
            beforeComplete.run();
        } finally {
            inner.complete();
        }
    }
}
