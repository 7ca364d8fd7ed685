package dev.mcpgate.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A minimal HTTP/1.1 keep-alive client on a plain socket: one request at a time, bodies by
 * {@code Content-Length} or chunked. Chosen over {@code java.net.http.HttpClient} because it adds
 * far less client-side CPU on a 2-core machine where client and server share the cores (the floor
 * configurations would otherwise measure the client). It reconnects when the server closes.
 */
final class HttpConn implements LoadRun.Conn {

    record Response(int status, String sessionId, String contentType, String body) {
    }

    private final String host;
    private final int port;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private final StringBuilder line = new StringBuilder(128);

    HttpConn(String host, int port) {
        this.host = host;
        this.port = port;
    }

    @Override
    public Response exchange(String method, String path, String sessionId, byte[] body) throws IOException {
        if (socket == null) {
            open();
        }
        StringBuilder head = new StringBuilder(256);
        head.append(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: ").append(host).append(':')
                .append(port).append("\r\nAccept: application/json, text/event-stream\r\n");
        if (sessionId != null) {
            head.append("Mcp-Session-Id: ").append(sessionId).append("\r\nMCP-Protocol-Version: 2025-06-18\r\n");
        }
        if (body != null) {
            head.append("Content-Type: application/json\r\nContent-Length: ").append(body.length).append("\r\n");
        }
        head.append("\r\n");
        byte[] headBytes = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[headBytes.length + (body == null ? 0 : body.length)];
        System.arraycopy(headBytes, 0, all, 0, headBytes.length);
        if (body != null) {
            System.arraycopy(body, 0, all, headBytes.length, body.length);
        }
        out.write(all);
        out.flush();
        return read(method);
    }

    private Response read(String method) throws IOException {
        String status = readLine();
        if (!status.startsWith("HTTP/1.1 ")) {
            throw new IOException("bad status line: " + status);
        }
        int code = Integer.parseInt(status.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        boolean close = false;
        String session = null;
        String type = null;
        for (String h = readLine(); !h.isEmpty(); h = readLine()) {
            int colon = h.indexOf(':');
            String name = h.substring(0, colon).trim();
            String value = h.substring(colon + 1).trim();
            if (name.equalsIgnoreCase("content-length")) {
                length = Long.parseLong(value);
            } else if (name.equalsIgnoreCase("transfer-encoding")) {
                chunked = value.equalsIgnoreCase("chunked");
            } else if (name.equalsIgnoreCase("connection")) {
                close = value.equalsIgnoreCase("close");
            } else if (name.equalsIgnoreCase("mcp-session-id")) {
                session = value;
            } else if (name.equalsIgnoreCase("content-type")) {
                type = value;
            }
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (method.equals("HEAD") || code == 204 || code == 304 || (code >= 100 && code < 200)) {
            // no body
        } else if (chunked) {
            while (true) {
                String size = readLine();
                int semi = size.indexOf(';');
                int n = Integer.parseInt((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
                if (n == 0) {
                    while (!readLine().isEmpty()) {
                        // trailers
                    }
                    break;
                }
                copy(n, body);
                readLine();
            }
        } else if (length >= 0) {
            copy(length, body);
        } else {
            in.transferTo(body);
            close = true;
        }
        if (close) {
            close();
        }
        return new Response(code, session, type, body.toString(StandardCharsets.UTF_8));
    }

    private void copy(long n, ByteArrayOutputStream to) throws IOException {
        byte[] buffer = new byte[(int) Math.min(n, 8192)];
        while (n > 0) {
            int r = in.read(buffer, 0, (int) Math.min(n, buffer.length));
            if (r < 0) {
                throw new EOFException("body cut short");
            }
            to.write(buffer, 0, r);
            n -= r;
        }
    }

    private String readLine() throws IOException {
        line.setLength(0);
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed");
            }
            if (b == '\n') {
                int len = line.length();
                if (len > 0 && line.charAt(len - 1) == '\r') {
                    line.setLength(len - 1);
                }
                return line.toString();
            }
            line.append((char) b);
        }
    }

    private void open() throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(host, port), 5000);
        socket.setSoTimeout(30_000);
        in = new BufferedInputStream(socket.getInputStream(), 16384);
        out = socket.getOutputStream();
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                // closing
            }
        }
        socket = null;
    }
}
