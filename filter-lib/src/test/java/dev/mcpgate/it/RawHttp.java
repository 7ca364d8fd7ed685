package dev.mcpgate.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, for requests that {@code java.net.http} refuses to send: a foreign
 * {@code Host}, a tab in a header value, a body without a declared length. One request per
 * connection ({@code Connection: close}); the answer is read to the end (chunked or not).
 */
public final class RawHttp {

    /** An answer: status, headers (names lower case, last value wins) and body text. */
    public record Answer(int status, Map<String, String> headers, String body) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private final URL base;

    public RawHttp(URL base) {
        this.base = base;
    }

    /**
     * Sends a request.
     *
     * @param method  the HTTP method
     * @param path    the path below the deployment's context (e.g. {@code /enforced/mcp})
     * @param headers header lines {@code "Name: value"}; {@code Host} is added unless one is given
     * @param body    the body, or {@code null}
     * @param chunked whether to send the body chunked, without {@code Content-Length}
     */
    public Answer send(String method, String path, List<String> headers, byte[] body, boolean chunked) {
        int port = base.getPort();
        String target = base.getPath().replaceAll("/$", "") + path;
        StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n");
        if (headers.stream().noneMatch(h -> h.regionMatches(true, 0, "Host:", 0, 5))) {
            head.append("Host: localhost:").append(port).append("\r\n");
        }
        headers.forEach(h -> head.append(h).append("\r\n"));
        if (body != null && chunked) {
            head.append("Transfer-Encoding: chunked\r\n");
        } else if (body != null) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("Connection: close\r\n\r\n");
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(base.getHost(), port), 10_000);
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            if (body != null) {
                writeBody(out, body, chunked);
            }
            out.flush();
            return read(socket.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + target, e);
        }
    }

    private static void writeBody(OutputStream out, byte[] body, boolean chunked) throws IOException {
        if (!chunked) {
            out.write(body);
            return;
        }
        for (int offset = 0; offset < body.length; offset += 8192) {
            int length = Math.min(8192, body.length - offset);
            out.write((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            try {
                out.write(body, offset, length);
                out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
            } catch (IOException e) {
                return; // the server answered and closed before the whole body was sent: what the test wants
            }
        }
        try {
            out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        } catch (IOException e) {
            // as above
        }
    }

    private static Answer read(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                all.write(buffer, 0, n);
            }
        } catch (java.net.SocketException e) {
            // a reset after the answer (the server closed with request bytes unread): keep what came
        }
        String text = all.toString(StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            throw new IOException("no complete HTTP answer: " + text);
        }
        String[] lines = text.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
        }
        byte[] raw = all.toByteArray();
        byte[] body = java.util.Arrays.copyOfRange(raw, end + 4, raw.length);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = dechunk(body);
        }
        return new Answer(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    /**
     * The body text of an answer's raw bytes, dechunked when the head says chunked, also when the
     * answer was cut off (a truncated last chunk gives what arrived): what a client of a broken
     * connection received.
     */
    public static String bodyOf(byte[] raw) {
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            return "";
        }
        byte[] body = java.util.Arrays.copyOfRange(raw, end + 4, raw.length);
        boolean chunked = text.substring(0, end).toLowerCase(Locale.ROOT).contains("transfer-encoding: chunked");
        return new String(chunked ? dechunk(body) : body, StandardCharsets.UTF_8);
    }

    private static byte[] dechunk(byte[] chunked) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        while (i < chunked.length) {
            int lineEnd = indexOf(chunked, i);
            if (lineEnd < 0) {
                break;
            }
            String size = new String(chunked, i, lineEnd - i, StandardCharsets.ISO_8859_1).split(";")[0].trim();
            int length = Integer.parseInt(size, 16);
            if (length == 0) {
                break;
            }
            int start = lineEnd + 2;
            out.write(chunked, start, Math.min(length, chunked.length - start));
            i = start + length + 2;
        }
        return out.toByteArray();
    }

    private static int indexOf(byte[] bytes, int from) {
        for (int i = from; i + 1 < bytes.length; i++) {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
