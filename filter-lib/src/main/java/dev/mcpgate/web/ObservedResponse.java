package dev.mcpgate.web;

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
 */
final class ObservedResponse extends HttpServletResponseWrapper {

    private final ResponseTap tap;
    private TeeOutputStream stream;
    private TeePrintWriter writer;

    ObservedResponse(HttpServletResponse response, ResponseTap tap) {
        super(response);
        this.tap = tap;
    }

    @Override
    public ServletOutputStream getOutputStream() throws IOException {
        ServletOutputStream client = super.getOutputStream(); // enforces getWriter() exclusivity
        if (stream == null) {
            stream = new TeeOutputStream(client, tap);
        }
        return stream;
    }

    @Override
    public PrintWriter getWriter() throws IOException {
        PrintWriter client = super.getWriter(); // enforces getOutputStream() exclusivity, fixes the charset
        if (writer == null) {
            writer = new TeePrintWriter(client, tap, charset());
        }
        return writer;
    }

    @Override
    public void flushBuffer() throws IOException {
        tap.beforeForwarding();
        super.flushBuffer();
    }

    @Override
    public void reset() {
        super.reset();
        tap.reset();
    }

    @Override
    public void resetBuffer() {
        super.resetBuffer();
        tap.reset();
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
}
