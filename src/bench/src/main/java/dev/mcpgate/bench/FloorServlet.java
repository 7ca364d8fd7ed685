package dev.mcpgate.bench;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The floor: answers every MCP request at once with a canned, valid answer shaped as the MCP Java
 * SDK's ({@code initialize}: JSON with {@code Mcp-Session-Id}; notifications: 202; other requests:
 * one SSE event {@code id:}/{@code event: message}/{@code data:} written through {@code getWriter()}
 * and flushed; DELETE: 200). It reads the whole body, finds the method and id by plain search and
 * keeps no state: what it costs is the container's own floor.
 */
public final class FloorServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String body = readBody(request);
        String method = stringField(body, "\"method\"");
        String id = idField(body);
        if (method == null) {
            response.setStatus(400);
            return;
        }
        if (id == null) { // a notification
            response.setStatus(202);
            return;
        }
        if (method.equals("initialize")) {
            String json = "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":{\"protocolVersion\":\"2025-06-18\","
                    + "\"capabilities\":{\"tools\":{\"listChanged\":false}},"
                    + "\"serverInfo\":{\"name\":\"floor\",\"version\":\"1.0.0\"}}}";
            response.setStatus(200);
            response.setHeader("Mcp-Session-Id", UUID.randomUUID().toString());
            response.setContentType("application/json");
            response.setCharacterEncoding("UTF-8");
            PrintWriter writer = response.getWriter();
            writer.write(json);
            writer.flush();
            return;
        }
        String result = switch (method) {
            case "tools/list" -> "{\"tools\":[{\"name\":\"echo\",\"description\":\"Returns the text argument.\","
                    + "\"inputSchema\":{\"type\":\"object\",\"properties\":{\"text\":{\"type\":\"string\"}},"
                    + "\"required\":[\"text\"]}}]}";
            case "tools/call" -> "{\"content\":[{\"type\":\"text\",\"text\":\"" + echoText(body) + "\"}],\"isError\":false}";
            default -> "{}";
        };
        String session = request.getHeader("Mcp-Session-Id");
        response.setStatus(200);
        response.setContentType("text/event-stream");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-cache");
        PrintWriter writer = response.getWriter();
        writer.write("id: " + session + "\nevent: message\ndata: {\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":"
                + result + "}\n\n");
        writer.flush();
    }

    @Override
    protected void doDelete(HttpServletRequest request, HttpServletResponse response) {
        response.setStatus(200);
    }

    private static String readBody(HttpServletRequest request) throws IOException {
        try (InputStream in = request.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The string value after {@code key}, e.g. {@code "method":"x"} gives {@code x}. */
    private static String stringField(String body, String key) {
        int at = body.indexOf(key);
        if (at < 0) {
            return null;
        }
        int open = body.indexOf('"', body.indexOf(':', at + key.length()) + 1);
        int close = open < 0 ? -1 : body.indexOf('"', open + 1);
        return close < 0 ? null : body.substring(open + 1, close);
    }

    /** The raw JSON value of the top-level-looking {@code "id"} (string with quotes, or number). */
    private static String idField(String body) {
        int at = body.indexOf("\"id\"");
        if (at < 0) {
            return null;
        }
        int start = body.indexOf(':', at + 4) + 1;
        while (start < body.length() && body.charAt(start) == ' ') {
            start++;
        }
        if (start >= body.length()) {
            return null;
        }
        int end;
        if (body.charAt(start) == '"') {
            end = body.indexOf('"', start + 1) + 1;
        } else {
            end = start;
            while (end < body.length() && (Character.isDigit(body.charAt(end)) || body.charAt(end) == '-')) {
                end++;
            }
        }
        return end <= start ? null : body.substring(start, end);
    }

    private static String echoText(String body) {
        String text = stringField(body, "\"text\"");
        return text == null ? "" : text;
    }
}
