package dev.mcpgate.gateway.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

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
}
