package dev.mcpgate.gateway.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class GatewayErrorsTest {

    private static final URI UPSTREAM = URI.create("http://user:secret@upstream.example:3000/mcp");

    private static JsonObject answer(String requestBody) {
        byte[] body = GatewayErrors.body(requestBody.getBytes(StandardCharsets.UTF_8),
                GatewayErrors.UPSTREAM_UNAVAILABLE, "Upstream MCP server unavailable: connection refused", UPSTREAM, null);
        return Json.createReader(new ByteArrayInputStream(body)).readObject();
    }

    @Test
    void numericIdIsAnsweredAsTheSameNumber() {
        JsonObject error = answer("{\"jsonrpc\":\"2.0\",\"id\":42,\"method\":\"tools/list\"}");
        assertEquals(42, error.getInt("id"));
        assertEquals(-32000, error.getJsonObject("error").getInt("code"));
        assertEquals("2.0", error.getString("jsonrpc"));
    }

    @Test
    void stringIdIsAnsweredAsTheSameString() {
        assertEquals("42", answer("{\"jsonrpc\":\"2.0\",\"id\":\"42\",\"method\":\"ping\"}").getString("id"));
    }

    @Test
    void notificationsAndUnreadableBodiesGetANullId() {
        assertEquals(JsonValue.NULL, answer("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}").get("id"));
        assertEquals(JsonValue.NULL, answer("not json at all").get("id"));
        assertEquals(JsonValue.NULL, answer("").get("id"));
    }

    @Test
    void upstreamCredentialsAreNotShownToTheClient() {
        JsonObject data = answer("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}").getJsonObject("error")
                .getJsonObject("data");
        assertEquals("http://upstream.example:3000/mcp", data.getString("upstream"));
        assertFalse(data.toString().contains("secret"));
    }

    @Test
    void upstreamQueryAndUrlsQuotedInTheMessageAreNotShownToTheClient() {
        URI upstream = URI.create("http://gw-user:gw%40pass@upstream.example:3000/mcp?token=t0ken-value");
        String message = "Upstream MCP server call could not be made: Illegal character in path at index 62: "
                + "http://gw-user:gw%40pass@upstream.example:3000/mcp/ ?token=t0ken-value";
        byte[] body = GatewayErrors.body("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}"
                .getBytes(StandardCharsets.UTF_8), GatewayErrors.UPSTREAM_UNAVAILABLE, message, upstream, null);
        String text = new String(body, StandardCharsets.UTF_8);
        for (String secret : new String[] {"gw-user", "gw%40pass", "gw@pass", "t0ken-value"}) {
            assertFalse(text.contains(secret), secret + " in " + text);
        }
        JsonObject error = Json.createReader(new ByteArrayInputStream(body)).readObject().getJsonObject("error");
        assertEquals("http://upstream.example:3000/mcp", error.getJsonObject("data").getString("upstream"));
        assertTrue(error.getString("message").startsWith("Upstream MCP server call could not be made: Illegal character"),
                error.getString("message"));
    }
}
