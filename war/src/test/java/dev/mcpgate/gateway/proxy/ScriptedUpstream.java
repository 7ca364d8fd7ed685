package dev.mcpgate.gateway.proxy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An upstream HTTP server on a loopback socket whose every byte the test writes: it takes one call at
 * a time, shows its request head and body, and sends what the test scripts when the test says so
 * (headers, an SSE event, half an event, the end), so a test sees exactly what the gateway sends and
 * when the gateway closes the connection.
 */
final class ScriptedUpstream implements AutoCloseable {

    private static final int TIMEOUT_MILLIS = 10_000;

    private final ServerSocket server;

    ScriptedUpstream() throws IOException {
        this(InetAddress.getLoopbackAddress());
    }

    /** An upstream listening on this address (an IPv6 loopback, say). */
    ScriptedUpstream(InetAddress address) throws IOException {
        server = new ServerSocket(0, 8, address);
        server.setSoTimeout(TIMEOUT_MILLIS);
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getLocalPort() + path);
    }

    int port() {
        return server.getLocalPort();
    }

    /** Waits for the next call and reads its head and (by {@code Content-Length}) its body. */
    Call accept() throws IOException {
        Socket socket = server.accept();
        socket.setSoTimeout(TIMEOUT_MILLIS);
        return new Call(socket);
    }

    @Override
    public void close() throws IOException {
        server.close();
    }

    /** One upstream call, its request read. */
    static final class Call implements AutoCloseable {

        private final Socket socket;
        private final List<String> headerLines = new ArrayList<>();
        private final String requestLine;
        private final byte[] body;

        private Call(Socket socket) throws IOException {
            this.socket = socket;
            InputStream in = socket.getInputStream();
            requestLine = line(in);
            for (String line = line(in); !line.isEmpty(); line = line(in)) {
                headerLines.add(line);
            }
            String length = header("Content-Length");
            body = in.readNBytes(length == null ? 0 : Integer.parseInt(length));
        }

        /** Waits for the next call on this same connection (a gateway that keeps its connections alive). */
        Call next() throws IOException {
            return new Call(socket);
        }

        String requestLine() {
            return requestLine;
        }

        /** The values of a request header, by case-insensitive name, in order. */
        List<String> headers(String name) {
            String prefix = name.toLowerCase(Locale.ROOT) + ":";
            return headerLines.stream().filter(l -> l.toLowerCase(Locale.ROOT).startsWith(prefix))
                    .map(l -> l.substring(prefix.length()).trim()).toList();
        }

        String header(String name) {
            List<String> values = headers(name);
            return values.isEmpty() ? null : values.get(0);
        }

        List<String> headerLines() {
            return headerLines;
        }

        byte[] body() {
            return body;
        }

        /** Sends these bytes now (headers, an event, part of one). */
        Call send(String text) throws IOException {
            OutputStream out = socket.getOutputStream();
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
            return this;
        }

        /** Sends a whole answer with a {@code Content-Length}, headers given as {@code Name: value} lines. */
        Call answer(int status, String body, String... headers) throws IOException {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            StringBuilder head = new StringBuilder("HTTP/1.1 " + status + " Status\r\n");
            for (String header : headers) {
                head.append(header).append("\r\n");
            }
            head.append("Content-Length: ").append(bytes.length).append("\r\n\r\n");
            return send(head + body);
        }

        /**
         * Whether the gateway closed this connection: reads until the end of the stream, true when it
         * comes (or the connection is reset), false when nothing ends it within the socket timeout.
         */
        boolean closedByGateway() throws IOException {
            InputStream in = socket.getInputStream();
            try {
                while (in.read() != -1) {
                    // a request the gateway sent after the one under test would be a defect too; ignore it here
                }
                return true;
            } catch (SocketTimeoutException stillOpen) {
                return false;
            } catch (IOException reset) {
                return true;
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }

        private static String line(InputStream in) throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    throw new IOException("the call ended inside its head: " + line);
                }
                if (b != '\r') {
                    line.write(b);
                }
            }
            return line.toString(StandardCharsets.UTF_8);
        }
    }
}
