package dev.mcpgate.it.deployment;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;

/**
 * A tiny stateless "modern era" (2026-07-28) MCP endpoint: answers a JSON-RPC POST with a JSON
 * result that echoes the method and the {@code params.name}, and never sends a session id.
 *
 * <p>The answer is built by {@link #responseFor}, which the tests call too, so that they know the
 * exact bytes the servlet wrote. It is written through the output stream in two chunks with a
 * flush in between, and contains non-ASCII characters, so that a filter that re-encodes, buffers
 * or truncates would change what the client receives.
 */
public class ModernEraServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    public static final String CONTENT_TYPE = "application/json;charset=UTF-8";

    /** The body the servlet writes for a request with the given JSON-RPC id, method and name. */
    public static String responseFor(JsonValue id, String method, String name) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id
                + ",\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"modern \u2713 "
                + method + " " + name + " \u00e9t\u00e9\"}],\"isError\":false,\"method\":\"" + method + "\"}}";
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        byte[] body = request.getInputStream().readAllBytes();
        JsonObject message;
        try (JsonReader reader = Json.createReader(new StringReader(new String(body, StandardCharsets.UTF_8)))) {
            message = reader.readObject();
        } catch (RuntimeException e) {
            response.sendError(HttpServletResponse.SC_BAD_REQUEST, "not a JSON-RPC object");
            return;
        }
        JsonValue id = message.getOrDefault("id", JsonValue.NULL);
        String method = message.getString("method", "");
        JsonObject params = message.containsKey("params") && message.get("params") instanceof JsonObject p
                ? p : JsonValue.EMPTY_JSON_OBJECT;
        String name = params.getString("name", "");

        byte[] answer = responseFor(id, method, name).getBytes(StandardCharsets.UTF_8);
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(CONTENT_TYPE);
        OutputStream out = response.getOutputStream();
        int half = answer.length / 2;
        out.write(answer, 0, half);
        out.flush();
        out.write(answer, half, answer.length - half);
        out.flush();
    }
}
