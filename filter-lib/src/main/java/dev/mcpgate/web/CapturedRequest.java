package dev.mcpgate.web;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The request as the filter passes it on: the body bytes the filter read ahead are replayed
 * through {@link #getInputStream()} and {@link #getReader()}, and {@code startAsync} is watched so
 * that the exchange is completed from an {@link jakarta.servlet.AsyncListener} when the servlet
 * answers asynchronously.
 */
final class CapturedRequest extends HttpServletRequestWrapper {

    /** Read-ahead buffer size when the length is not declared, and its least growth step. */
    private static final int GROWTH = 8192;

    private byte[] body;
    private int bodyLength;
    private boolean wholeBody;
    /** The length of a body an interceptor replaced, else -1: the servlet is told it, not the client's. */
    private long replacedLength = -1;
    /** The client's body length when an interceptor replaced the body, else -1. */
    private long clientBodyBytes = -1;
    private final AsyncWatcher watcher;
    private ReplayInputStream stream;
    private BufferedReader reader;
    private AsyncContext asyncContext;

    /** Told when the servlet starts asynchronous processing through this request. */
    interface AsyncWatcher {
        /** The observed response, which asynchronous writers must also reach. */
        ServletResponse observedResponse();

        /** @return the context to hand to the servlet: {@code context}, or one that wraps it */
        AsyncContext asyncStarted(AsyncContext context);
    }

    private CapturedRequest(HttpServletRequest request, byte[] body, int bodyLength, boolean wholeBody,
                            AsyncWatcher watcher) {
        super(request);
        this.body = body;
        this.bodyLength = bodyLength;
        this.wholeBody = wholeBody;
        this.watcher = watcher;
    }

    /**
     * Reads up to {@code limit} bytes of the body ahead. A read error keeps what was read: the
     * servlet meets the same error when it reads on.
     */
    static CapturedRequest capture(HttpServletRequest request, int limit, AsyncWatcher watcher) {
        long declared = request.getContentLengthLong();
        byte[] buffer = new byte[initialCapacity(declared, limit)];
        int length = 0;
        boolean whole = declared == 0;
        try {
            ServletInputStream in = whole ? null : request.getInputStream();
            while (!whole && length < limit) {
                if (length == buffer.length) {
                    buffer = Arrays.copyOf(buffer, (int) Math.min(limit, Math.max(GROWTH, buffer.length * 2L)));
                }
                int count = in.read(buffer, length, buffer.length - length);
                if (count < 0) {
                    whole = true;
                } else {
                    length += count;
                    whole = declared >= 0 && length >= declared;
                }
            }
        } catch (IOException | RuntimeException e) {
            whole = false; // the rest (and the error) is the servlet's to meet
        }
        return new CapturedRequest(request, buffer, length, whole, watcher);
    }

    /** A request that is passed on untouched except for the async watch (nothing read ahead). */
    static CapturedRequest uncaptured(HttpServletRequest request, AsyncWatcher watcher) {
        return new CapturedRequest(request, null, 0, false, watcher);
    }

    private static int initialCapacity(long declared, int limit) {
        if (declared >= 0) {
            return (int) Math.min(declared, limit);
        }
        return Math.min(limit, GROWTH);
    }

    /** The bytes read ahead (the array may be longer than {@link #capturedLength()}). */
    byte[] captured() {
        return body;
    }

    int capturedLength() {
        return bodyLength;
    }

    boolean isCaptured() {
        return body != null;
    }

    /** Whether the whole body was read ahead: nothing of it is left in the container's stream. */
    boolean isWhole() {
        return wholeBody;
    }

    /**
     * Replaces the body the servlet reads (an interceptor changed the params): its bytes and the
     * {@code Content-Length} the servlet sees. Only for a body read whole, before the chain runs.
     */
    void replaceBody(byte[] replacement) {
        if (!wholeBody || stream != null || reader != null) {
            throw new IllegalStateException("the body was not read whole, or the servlet has read it already");
        }
        clientBodyBytes = bodyLength; // the row counts what the client sent
        body = replacement;
        bodyLength = replacement.length;
        replacedLength = replacement.length;
    }

    @Override
    public int getContentLength() {
        return replacedLength >= 0 ? (int) replacedLength : super.getContentLength();
    }

    @Override
    public long getContentLengthLong() {
        return replacedLength >= 0 ? replacedLength : super.getContentLengthLong();
    }

    @Override
    public String getHeader(String name) {
        if (replacedLength >= 0 && "Content-Length".equalsIgnoreCase(name)) {
            return Long.toString(replacedLength);
        }
        return super.getHeader(name);
    }

    @Override
    public java.util.Enumeration<String> getHeaders(String name) {
        if (replacedLength >= 0 && "Content-Length".equalsIgnoreCase(name)) {
            return java.util.Collections.enumeration(java.util.List.of(Long.toString(replacedLength)));
        }
        return super.getHeaders(name);
    }

    /**
     * Whether the whole body was read and is at most {@code limit} bytes long: the envelope was read
     * from all of it. (A body of unknown length may be read ahead past {@code max-request-capture}
     * for the guard's size check; the envelope is still read from the first {@code limit} bytes only.)
     */
    boolean isWholeWithin(int limit) {
        return wholeBody && bodyLength <= limit;
    }

    /** Request body bytes: the declared length when known, else what went through. */
    long bodyBytes() {
        long frozen = frozenBodyBytes;
        if (frozen >= 0) {
            return frozen;
        }
        if (clientBodyBytes >= 0) {
            return clientBodyBytes;
        }
        long declared = getContentLengthLong();
        if (declared >= 0) {
            return declared;
        }
        return bodyLength + (stream == null ? 0 : stream.restBytesRead());
    }

    /**
     * The container is ending a resumed answer while the servlet may still write it: remember what
     * the record reads of the request, which the container may recycle now.
     */
    void freeze() {
        if (frozenBodyBytes < 0) {
            frozenBodyBytes = bodyBytes();
        }
    }

    /** {@link #bodyBytes()} as it was when the container ended the exchange; -1 before. */
    private volatile long frozenBodyBytes = -1;

    @Override
    public ServletInputStream getInputStream() throws IOException {
        if (body == null) {
            return super.getInputStream();
        }
        if (reader != null) {
            throw new IllegalStateException("getReader() has already been called for this request");
        }
        return replay();
    }

    @Override
    public BufferedReader getReader() throws IOException {
        if (body == null) {
            return super.getReader();
        }
        if (reader == null) {
            if (stream != null) {
                throw new IllegalStateException("getInputStream() has already been called for this request");
            }
            reader = new BufferedReader(new InputStreamReader(replay(), charset()));
        }
        return reader;
    }

    private ReplayInputStream replay() throws IOException {
        if (stream == null) {
            stream = new ReplayInputStream(body, bodyLength, wholeBody ? null : super.getInputStream());
        }
        return stream;
    }

    private Charset charset() {
        String encoding = getCharacterEncoding();
        try {
            return encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
        } catch (IllegalArgumentException e) {
            return StandardCharsets.UTF_8;
        }
    }

    @Override
    public AsyncContext startAsync() {
        // Pass the wrappers on: a servlet that writes through AsyncContext.getResponse() must be observed too.
        asyncContext = watcher.asyncStarted(super.startAsync(this, watcher.observedResponse()));
        return asyncContext;
    }

    @Override
    public AsyncContext startAsync(ServletRequest request, ServletResponse response) {
        asyncContext = watcher.asyncStarted(super.startAsync(request, response));
        return asyncContext;
    }

    @Override
    public AsyncContext getAsyncContext() {
        AsyncContext context = super.getAsyncContext(); // throws as the container does when not async
        return asyncContext != null ? asyncContext : context;
    }
}
