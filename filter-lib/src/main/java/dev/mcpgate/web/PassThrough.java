package dev.mcpgate.web;

import dev.mcpgate.bridge.BridgeUpstream;
import dev.mcpgate.bridge.UpstreamAnswer;
import dev.mcpgate.bridge.UpstreamCall;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Relays a bridged exchange to the server unchanged, over the bridge's upstream: for the exchanges that arrive
 * before the server's era is known and turn out to be of its era, or when the era probe told nothing. The
 * client gets the server's status, MCP headers and body as they come (each chunk flushed: an event stream stays
 * live).
 */
public final class PassThrough {

    /** Request headers relayed to the server. */
    private static final List<String> REQUEST_HEADERS = List.of("Accept", "Content-Type", McpHeaders.SESSION_ID,
            McpHeaders.PROTOCOL_VERSION, McpHeaders.METHOD, McpHeaders.NAME, "Last-Event-ID", "Authorization");
    /** Answer headers relayed to the client. */
    private static final List<String> ANSWER_HEADERS = List.of(McpHeaders.SESSION_ID, McpHeaders.PROTOCOL_VERSION,
            "Cache-Control", "Retry-After", "Allow", "WWW-Authenticate");

    private PassThrough() {
    }

    /** Sends the client's request as it is and writes the server's answer back; blocking (a bridge thread). */
    public static void relay(BridgedExchange exchange, BridgeUpstream upstream) throws IOException, InterruptedException {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : REQUEST_HEADERS) {
            exchange.header(name).ifPresent(value -> headers.put(name, value));
        }
        String body = "POST".equals(exchange.httpMethod())
                ? new String(exchange.body(), StandardCharsets.UTF_8) : null;
        try (UpstreamAnswer answer = upstream.send(new UpstreamCall(exchange.httpMethod(), headers, body))) {
            HttpServletResponse response = exchange.response();
            response.setStatus(answer.status());
            answer.header("Content-Type").ifPresent(response::setContentType);
            for (String name : ANSWER_HEADERS) {
                answer.header(name).ifPresent(value -> response.setHeader(name, value));
            }
            copy(answer.body(), response.getOutputStream());
        }
    }

    private static void copy(InputStream in, OutputStream out) throws IOException {
        byte[] buffer = new byte[8192];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            out.write(buffer, 0, n);
            out.flush();
        }
    }
}
