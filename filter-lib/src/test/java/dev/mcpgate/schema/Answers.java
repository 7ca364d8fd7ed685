package dev.mcpgate.schema;

import dev.mcpgate.event.CatalogueCapture;
import dev.mcpgate.protocol.ClientIdentity;
import dev.mcpgate.protocol.Era;
import dev.mcpgate.protocol.McpMethod;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** Captures of list answers as the filter hands them to the tracker, for tests. */
public final class Answers {

    private Answers() {
    }

    /** A tool as a server lists it. */
    public static String tool(String name, String description, String inputSchema) {
        return "{\"name\":\"" + name + "\",\"description\":\"" + description + "\",\"inputSchema\":" + inputSchema + "}";
    }

    /** A JSON object schema with one string property. */
    public static String schema(String property) {
        return "{\"type\":\"object\",\"properties\":{\"" + property + "\":{\"type\":\"string\"}}}";
    }

    /** The answer to a list request of a legacy session. */
    public static CatalogueCapture legacy(McpMethod method, String sessionId, String cursor, String result, Instant at) {
        return new CatalogueCapture(at, "ep", method, Era.LEGACY, sessionId, "alice",
                ClientIdentity.of("claude-code", "1.0"), cursor, body(result));
    }

    /** The answer to a list request of a modern (stateless) client. */
    public static CatalogueCapture modern(McpMethod method, String clientName, String cursor, String result,
            Instant at) {
        return new CatalogueCapture(at, "ep", method, Era.MODERN, null, null, ClientIdentity.of(clientName, "2.0"),
                cursor, body(result));
    }

    /** A {@code tools/list} result with these tools (JSON objects) and no further page. */
    public static String tools(String... tools) {
        return "{\"tools\":[" + String.join(",", tools) + "]}";
    }

    public static byte[] body(String result) {
        return ("{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":" + result + "}").getBytes(StandardCharsets.UTF_8);
    }
}
