package dev.mcpgate.web;

import dev.mcpgate.guard.GuardLevel;
import dev.mcpgate.protocol.JsonRpcEnvelope;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * The response as the filter passes it on: {@link #getOutputStream()} and {@link #getWriter()}
 * forward every byte and every flush at once and tee them into a {@link ResponseTap}. The filter
 * adds no buffer of its own, so the container's buffering and completion work as without it.
 *
 * <p>With error hygiene on ({@link #checkErrorBodies}), an {@link ErrorHygiene} stands in front of
 * the tee, and {@code sendError} is answered by it rather than by the container's error page.
 *
 * <p>With an answer held for rewriting ({@link #holdForRewrite}), an {@link AnswerHold} stands
 * between the tee and the container: the tap sees the server's answer, the client the rewritten
 * one. Without it, nothing of this costs more than a null check.
 */
final class ObservedResponse extends HttpServletResponseWrapper {

    private final ResponseTap tap;
    private TeeOutputStream stream;
    private PrintWriter writer;
    /** Whether the servlet took the stream (the hygiene may have taken it alone, to answer). */
    private boolean servletTookStream;
    private ErrorHygiene hygiene;
    /** Set when the answer may become a resumable stream ({@code resume}); {@code null} otherwise. */
    private ResumeCandidate resume;
    /**
     * Set once the container ended a resumed answer while the servlet still writes it: from then on
     * the container's response is not touched (it may serve another request), and what the exchange's
     * record reads of it comes from here.
     */
    private volatile Frozen frozen;
    /** Set when the answer is held for rewriting; {@code null} otherwise. */
    private AnswerHold hold;
    /** The {@code Content-Length} the servlet set while the answer was held (it is set on release), or -1. */
    private long declaredLength = -1;

    private record Frozen(int status, String contentType, String sessionId) {
    }

    ObservedResponse(HttpServletResponse response, ResponseTap tap) {
        super(response);
        this.tap = tap;
    }

    /** Lets the answer become a resumable stream. Call before the chain runs. */
    void resumable(ResumeCandidate candidate) {
        this.resume = candidate;
        candidate.answeringOn(this);
    }

    ResumeCandidate resumeCandidate() {
        return resume;
    }

    /** The container is ending the answer while the servlet may still write: remember what the record needs. */
    void freeze() {
        if (frozen == null) {
            frozen = new Frozen(super.getStatus(), super.getContentType(), super.getHeader(McpHeaders.SESSION_ID));
        }
    }

    @Override
    public int getStatus() {
        Frozen f = frozen;
        return f != null ? f.status : super.getStatus();
    }

    @Override
    public String getContentType() {
        Frozen f = frozen;
        return f != null ? f.contentType : super.getContentType();
    }

    @Override
    public String getHeader(String name) {
        Frozen f = frozen;
        if (f == null) {
            return super.getHeader(name);
        }
        return McpHeaders.SESSION_ID.equalsIgnoreCase(name) ? f.sessionId : null;
    }

    @Override
    public boolean isCommitted() {
        return frozen != null || super.isCommitted();
    }

    /**
     * Turns error hygiene on for this response. Call before the chain runs.
     *
     * @param level     {@link GuardLevel#REPORT} or {@link GuardLevel#ENFORCE}; {@link GuardLevel#OFF} does nothing
     * @param request   the request's envelope, for the id of a replacement; may be {@code null}
     * @param sessionId the request's session id, masked in the row; may be {@code null}
     * @param maxHeld   the most bytes of a JSON error body held back (or copied, in report mode)
     */
    void checkErrorBodies(GuardLevel level, JsonRpcEnvelope request, String sessionId, int maxHeld) {
        if (level != GuardLevel.OFF) {
            hygiene = new ErrorHygiene(new HygieneTarget(), level, request, sessionId, maxHeld);
        }
    }

    /**
     * Holds the server's answer back until its JSON-RPC response is whole and sends what
     * {@code rewriter} makes of it (see {@link AnswerHold}): the JSON body, or the SSE event that
     * answers the request. Call before the servlet takes its stream or writer; later calls do nothing.
     *
     * <p>A held answer does not become a resumable stream: the replay log would keep the server's own
     * events, and a client resuming with {@code Last-Event-ID} would get what an interceptor removed.
     */
    void holdForRewrite(AnswerRewriter rewriter) {
        if (hold == null && stream == null && writer == null) {
            hold = new AnswerHold(rewriter, tap.requestId(), tap.maxJsonCapture(), tap.metrics(), new HoldHeaders());
            resume = null;
        }
    }

    /**
     * The body is over (the chain returned, or the asynchronous exchange completes): what is still
     * held is sent. Does nothing when nothing is held.
     */
    void endHeldAnswer() throws IOException {
        if (hold != null) {
            hold.end();
        }
    }

    /** Whether the answer is held for rewriting. */
    boolean holdsAnswer() {
        return hold != null;
    }

    /** The error hygiene of this response, or {@code null} when it is off. */
    ErrorHygiene hygiene() {
        return hygiene;
    }

    @Override
    public ServletOutputStream getOutputStream() throws IOException {
        if (frozen != null && stream != null) {
            return stream; // the container's response is gone: the servlet keeps writing into the replay log
        }
        ServletOutputStream client = super.getOutputStream(); // enforces getWriter() exclusivity
        if (stream == null) {
            stream = new TeeOutputStream(held(client), tap, hygiene, resume);
            if (resume != null) {
                resume.servletTookOutput(stream);
            }
        }
        servletTookStream = true;
        return stream;
    }

    @Override
    public PrintWriter getWriter() throws IOException {
        if (writer == null && stream != null && !servletTookStream) {
            // the hygiene answered through the stream before the servlet took either: what it writes now is dropped
            writer = new PrintWriter(java.io.Writer.nullWriter());
        }
        if (writer != null && (frozen != null || !(writer instanceof TeePrintWriter))) {
            return writer;
        }
        PrintWriter client = super.getWriter(); // enforces getOutputStream() exclusivity, fixes the charset
        if (writer == null) {
            Charset charset = charset();
            if (hold != null) {
                client = new HeldPrintWriter(client, hold, charset);
            }
            TeePrintWriter tee = new TeePrintWriter(client, tap, charset, hygiene, resume);
            writer = tee;
            if (resume != null) {
                resume.servletTookOutput(tee.clientOutput());
            }
        }
        return writer;
    }

    /** The container's stream, behind the hold when the answer is held. */
    private ServletOutputStream held(ServletOutputStream client) {
        return hold == null ? client : new HeldOutputStream(client, hold);
    }

    @Override
    public void flushBuffer() throws IOException {
        if (resume != null && resume.isResuming()) {
            return; // a resumed stream flushes each event itself
        }
        if (hold != null && !hold.flush()) {
            return; // a JSON body held for rewriting: this flush must not commit it
        }
        if (hygiene != null && !hygiene.passing && !hygiene.flush()) {
            return; // an error body held or replaced: the servlet's flush must not commit it
        }
        tap.beforeForwarding();
        super.flushBuffer();
    }

    @Override
    public void sendError(int status, String message) throws IOException {
        if (hygiene == null || !hygiene.sendError(status, message)) {
            super.sendError(status, message);
        }
    }

    @Override
    public void sendError(int status) throws IOException {
        if (hygiene == null || !hygiene.sendError(status, null)) {
            super.sendError(status);
        }
    }

    @Override
    public void setContentLength(int length) {
        if (hold != null && !hold.passing()) {
            declaredLength = length; // set when the held answer goes: it may change
            return;
        }
        super.setContentLength(length);
    }

    @Override
    public void setContentLengthLong(long length) {
        if (hold != null && !hold.passing()) {
            declaredLength = length; // set when the held answer goes: it may change
            return;
        }
        super.setContentLengthLong(length);
    }

    @Override
    public void setHeader(String name, String value) {
        if (hold != null && isContentLength(name)) {
            setContentLengthLong(value == null ? -1 : parseLength(value));
            return;
        }
        super.setHeader(name, value);
    }

    @Override
    public void addHeader(String name, String value) {
        if (hold != null && isContentLength(name)) {
            setContentLengthLong(parseLength(value));
            return;
        }
        super.addHeader(name, value);
    }

    @Override
    public void setIntHeader(String name, int value) {
        if (hold != null && isContentLength(name)) {
            setContentLengthLong(value);
            return;
        }
        super.setIntHeader(name, value);
    }

    @Override
    public void addIntHeader(String name, int value) {
        if (hold != null && isContentLength(name)) {
            setContentLengthLong(value);
            return;
        }
        super.addIntHeader(name, value);
    }

    private static boolean isContentLength(String name) {
        return "Content-Length".equalsIgnoreCase(name);
    }

    private static long parseLength(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1; // not a length: the container would refuse it too
        }
    }

    @Override
    public void reset() {
        super.reset();
        if (hold != null) {
            hold.reset();
            declaredLength = -1;
        }
        tap.reset();
        if (hygiene != null) {
            hygiene.reset();
        }
    }

    @Override
    public void resetBuffer() {
        super.resetBuffer();
        if (hold != null) {
            hold.reset();
        }
        tap.reset();
        if (hygiene != null) {
            hygiene.reset();
        }
    }

    private Charset charset() {
        String encoding = getCharacterEncoding();
        if (StandardCharsets.UTF_8.name().equalsIgnoreCase(encoding)) {
            return StandardCharsets.UTF_8; // the usual case, without a charset lookup per response
        }
        try {
            return Charset.forName(encoding);
        } catch (IllegalArgumentException e) {
            return StandardCharsets.ISO_8859_1; // the servlet default when nothing is set
        }
    }

    /** What the hold reads of the response and the length it sets, on the container's response. */
    private final class HoldHeaders implements AnswerHold.Headers {

        @Override
        public String contentType() {
            return getContentType();
        }

        @Override
        public Charset charset() {
            return ObservedResponse.this.charset();
        }

        @Override
        public long declaredLength() {
            return declaredLength;
        }

        @Override
        public void contentLength(long length) {
            if (!ObservedResponse.super.isCommitted()) {
                ObservedResponse.super.setContentLengthLong(length);
            }
        }
    }

    /** What the hygiene reaches: the container's response and the tee, never the servlet's wrappers. */
    private final class HygieneTarget implements ErrorHygiene.Target {

        @Override
        public int status() {
            return getStatus();
        }

        @Override
        public String contentType() {
            return getContentType();
        }

        @Override
        public Charset charset() {
            return ObservedResponse.this.charset();
        }

        @Override
        public boolean isCommitted() {
            return ObservedResponse.this.isCommitted();
        }

        @Override
        public void answer(int status, byte[] body) throws IOException {
            HttpServletResponse response = (HttpServletResponse) getResponse();
            response.resetBuffer();
            tap.reset();
            if (hold != null) {
                hold.reset(); // the replacement is the answer now (the rewriter sees it)
            }
            response.setStatus(status);
            response.setContentType(ErrorAnswers.JSON);
            response.setCharacterEncoding("UTF-8"); // ignored once the servlet took its writer: the body is ASCII
            response.setContentLength(body.length);
            if (writer instanceof TeePrintWriter tee) {
                tee.forward(new String(body, StandardCharsets.US_ASCII));
                tee.forwardFlush();
            } else {
                if (stream == null) {
                    stream = new TeeOutputStream(held(response.getOutputStream()), tap, hygiene);
                }
                stream.forward(body, 0, body.length);
                stream.forwardFlush();
            }
        }

        @Override
        public void forward(byte[] bytes, int offset, int length) throws IOException {
            stream.forward(bytes, offset, length);
        }

        @Override
        public void forward(String text) {
            ((TeePrintWriter) writer).forward(text);
        }
    }
}
