package dev.mcpgate.web;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;

/** An {@link AsyncContext} that hands every call to another; subclasses change the calls they are about. */
abstract class ForwardingAsyncContext implements AsyncContext {

    protected final AsyncContext inner;

    ForwardingAsyncContext(AsyncContext inner) {
        this.inner = inner;
    }

    @Override
    public void complete() {
        inner.complete();
    }

    @Override
    public ServletRequest getRequest() {
        return inner.getRequest();
    }

    @Override
    public ServletResponse getResponse() {
        return inner.getResponse();
    }

    @Override
    public boolean hasOriginalRequestAndResponse() {
        return inner.hasOriginalRequestAndResponse();
    }

    @Override
    public void dispatch() {
        inner.dispatch();
    }

    @Override
    public void dispatch(String path) {
        inner.dispatch(path);
    }

    @Override
    public void dispatch(ServletContext servletContext, String path) {
        inner.dispatch(servletContext, path);
    }

    @Override
    public void start(Runnable run) {
        inner.start(run);
    }

    @Override
    public void addListener(AsyncListener listener) {
        inner.addListener(listener);
    }

    @Override
    public void addListener(AsyncListener listener, ServletRequest request, ServletResponse response) {
        inner.addListener(listener, request, response);
    }

    @Override
    public <T extends AsyncListener> T createListener(Class<T> type) throws ServletException {
        return inner.createListener(type);
    }

    @Override
    public void setTimeout(long timeout) {
        inner.setTimeout(timeout);
    }

    @Override
    public long getTimeout() {
        return inner.getTimeout();
    }
}
