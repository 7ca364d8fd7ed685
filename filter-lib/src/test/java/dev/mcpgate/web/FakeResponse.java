package dev.mcpgate.web;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.lang.reflect.Proxy;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A container response for unit tests: a buffer that reaches "the client" ({@link #sent}) when
 * flushed, committed from then on; {@code sendError} recorded rather than rendered. Built as a
 * dynamic proxy, so only what the filter uses is implemented.
 */
final class FakeResponse {

    int status = 200;
    String contentType;
    String encoding;
    Integer contentLength;
    boolean committed;
    final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    final ByteArrayOutputStream sent = new ByteArrayOutputStream();
    final List<String> sendErrors = new ArrayList<>();
    final Map<String, String> headers = new LinkedHashMap<>();
    private ServletOutputStream stream;
    private PrintWriter writer;

    final HttpServletResponse response = (HttpServletResponse) Proxy.newProxyInstance(
            FakeResponse.class.getClassLoader(), new Class<?>[] {HttpServletResponse.class},
            (proxy, method, args) -> switch (method.getName()) {
                case "getStatus" -> status;
                case "setStatus" -> {
                    if (!committed) {
                        status = (Integer) args[0];
                    }
                    yield null;
                }
                case "getContentType" -> contentType == null ? null
                        : encoding == null ? contentType : contentType + ";charset=" + encoding;
                case "setContentType" -> {
                    String type = (String) args[0];
                    int semicolon = type.indexOf(';');
                    contentType = semicolon < 0 ? type : type.substring(0, semicolon);
                    if (semicolon >= 0 && writer == null) {
                        encoding = type.substring(type.indexOf('=') + 1);
                    }
                    yield null;
                }
                case "getCharacterEncoding" -> encoding == null ? "ISO-8859-1" : encoding;
                case "setCharacterEncoding" -> {
                    if (writer == null) {
                        encoding = (String) args[0];
                    }
                    yield null;
                }
                case "setContentLength" -> {
                    contentLength = (Integer) args[0];
                    yield null;
                }
                case "setContentLengthLong" -> {
                    if (!committed) {
                        long length = (Long) args[0];
                        contentLength = length < 0 ? null : (int) length;
                    }
                    yield null;
                }
                case "isCommitted" -> committed;
                case "resetBuffer" -> {
                    if (committed) {
                        throw new IllegalStateException("committed");
                    }
                    buffer.reset();
                    yield null;
                }
                case "reset" -> {
                    if (committed) {
                        throw new IllegalStateException("committed");
                    }
                    buffer.reset();
                    status = 200;
                    contentType = null;
                    yield null;
                }
                case "flushBuffer" -> {
                    flush();
                    yield null;
                }
                case "getOutputStream" -> {
                    if (writer != null) {
                        throw new IllegalStateException("getWriter() was called");
                    }
                    if (stream == null) {
                        stream = new Stream();
                    }
                    yield stream;
                }
                case "getWriter" -> {
                    if (stream != null) {
                        throw new IllegalStateException("getOutputStream() was called");
                    }
                    if (writer == null) {
                        Charset charset = Charset.forName(encoding == null ? "ISO-8859-1" : encoding);
                        writer = new PrintWriter(new OutputStreamWriter(new Stream(), charset)) {
                            @Override
                            public void flush() {
                                super.flush();
                                FakeResponse.this.flush();
                            }
                        };
                    }
                    yield writer;
                }
                case "sendError" -> {
                    if (committed) {
                        throw new IllegalStateException("committed");
                    }
                    sendErrors.add(args[0] + (args.length > 1 ? " " + args[1] : ""));
                    status = (Integer) args[0];
                    committed = true;
                    yield null;
                }
                case "setHeader" -> headers.put((String) args[0], (String) args[1]);
                case "getHeader" -> headers.get((String) args[0]);
                case "getBufferSize" -> 8192;
                case "toString" -> "FakeResponse";
                case "hashCode" -> System.identityHashCode(proxy);
                case "equals" -> proxy == args[0];
                default -> throw new UnsupportedOperationException(method.getName());
            });

    /** The bytes the client received so far. */
    String sentText() {
        return sent.toString(StandardCharsets.UTF_8);
    }

    /** Ends the exchange as the container does: whatever is buffered goes out. */
    void finish() {
        if (writer != null) {
            writer.flush();
        }
        flush();
    }

    private void flush() {
        committed = true;
        sent.writeBytes(buffer.toByteArray());
        buffer.reset();
    }

    private final class Stream extends ServletOutputStream {
        @Override
        public void write(int b) {
            buffer.write(b);
        }

        @Override
        public void flush() {
            FakeResponse.this.flush();
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setWriteListener(WriteListener listener) {
        }
    }
}
