package dev.mcpgate.it.catalogue;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * A hand-written MCP endpoint for what the SDK server does not do:
 * <ul>
 *   <li>{@code resources/list} in pages of {@value #PAGE_SIZE} of {@value #RESOURCES} resources. The
 *       cursor names the client (its {@code Mcp-Session-Id}, else its {@code _meta} client name), so
 *       that pages of two clients merged into one list would leave a hole and show as another
 *       version;</li>
 *   <li>{@code prompts/list}: one prompt, {@code greet}, whose description {@link #description} the
 *       test changes;</li>
 *   <li>{@code tools/call} of {@code touch}: an SSE answer that carries
 *       {@code notifications/resources/list_changed} before the result.</li>
 * </ul>
 * Every result carries a fresh {@code _meta.requestId}, which must not make a new version.
 */
public class PagingServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    static final int RESOURCES = 5;
    static final int PAGE_SIZE = 2;

    /** The description of the prompt {@code greet}; reset when the application restarts. */
    static volatile String description = "Greets someone.";

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        JsonObject message;
        try (JsonReader reader = Json.createReader(new StringReader(
                new String(request.getInputStream().readAllBytes(), StandardCharsets.UTF_8)))) {
            message = reader.readObject();
        }
        JsonValue id = message.getOrDefault("id", JsonValue.NULL);
        JsonObject params = message.get("params") instanceof JsonObject p ? p : JsonValue.EMPTY_JSON_OBJECT;
        String method = message.getString("method", "");
        switch (method) {
            case "resources/list" -> json(response, id, resources(request, params));
            case "prompts/list" -> json(response, id, Json.createObjectBuilder().add("prompts",
                    Json.createArrayBuilder().add(Json.createObjectBuilder().add("name", "greet")
                            .add("description", description)
                            .add("arguments", Json.createArrayBuilder().add(Json.createObjectBuilder()
                                    .add("name", "who").add("description", "Whom to greet.").add("required", true)))))
                    .add("_meta", meta()).build());
            case "tools/call" -> touched(response, id);
            default -> response.setStatus(HttpServletResponse.SC_ACCEPTED);
        }
    }

    private static JsonObject resources(HttpServletRequest request, JsonObject params) {
        String client = request.getHeader("Mcp-Session-Id");
        if (client == null && params.get("_meta") instanceof JsonObject meta
                && meta.get("io.modelcontextprotocol/clientInfo") instanceof JsonObject info) {
            client = info.getString("name", "anonymous");
        }
        int first = 0;
        String cursor = params.getString("cursor", null);
        if (cursor != null) {
            first = Integer.parseInt(cursor.substring(cursor.lastIndexOf('#') + 1));
        }
        JsonArrayBuilder page = Json.createArrayBuilder();
        for (int i = first; i < Math.min(RESOURCES, first + PAGE_SIZE); i++) {
            page.add(Json.createObjectBuilder().add("uri", "test://resource/" + i).add("name", "resource " + i)
                    .add("mimeType", "text/plain"));
        }
        var result = Json.createObjectBuilder().add("resources", page).add("_meta", meta());
        if (first + PAGE_SIZE < RESOURCES) {
            result.add("nextCursor", client + "#" + (first + PAGE_SIZE));
        }
        return result.build();
    }

    private static JsonObject meta() {
        return Json.createObjectBuilder().add("requestId", UUID.randomUUID().toString()).build();
    }

    private static void json(HttpServletResponse response, JsonValue id, JsonObject result) throws IOException {
        response.setContentType("application/json;charset=UTF-8");
        response.getOutputStream().write(answer(id, result).getBytes(StandardCharsets.UTF_8));
    }

    private static String answer(JsonValue id, JsonObject result) {
        return Json.createObjectBuilder().add("jsonrpc", "2.0").add("id", id).add("result", result).build().toString();
    }

    private static void touched(HttpServletResponse response, JsonValue id) throws IOException {
        response.setContentType("text/event-stream");
        var out = response.getOutputStream();
        out.write(("event: message\ndata: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/resources/list_changed\"}"
                + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        out.write(("event: message\ndata: " + answer(id, Json.createObjectBuilder().add("content",
                Json.createArrayBuilder()).build()) + "\n\n").getBytes(StandardCharsets.UTF_8));
    }
}
