package dev.mcpgate.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The x-mcp-header annotations of a tool list, and the Mcp-Param-* headers of a call. */
class ParamHeadersTest {

    private final ParamHeaders headers = new ParamHeaders();

    @Test
    void annotatedArgumentsBecomeHeadersNestedOnesIncluded() {
        headers.learn(ScriptedModernServer.parse("{\"tools\":[{\"name\":\"q\",\"inputSchema\":{\"type\":\"object\","
                + "\"properties\":{\"region\":{\"type\":\"string\",\"x-mcp-header\":\"Region\"},"
                + "\"limit\":{\"type\":\"integer\",\"x-mcp-header\":\"Limit\"},"
                + "\"opts\":{\"type\":\"object\",\"properties\":{\"dry\":{\"type\":\"boolean\",\"x-mcp-header\":\"Dry\"}}},"
                + "\"text\":{\"type\":\"string\"}}}}]}"));
        Map<String, String> sent = headers.headers("q", ScriptedModernServer.parse(
                "{\"region\":\"eu\",\"limit\":42,\"opts\":{\"dry\":true},\"text\":\"not mirrored\"}"));
        assertEquals(Map.of("Mcp-Param-Region", "eu", "Mcp-Param-Limit", "42", "Mcp-Param-Dry", "true"), sent);
    }

    @Test
    void anAbsentOrNullArgumentSendsNoHeaderAndAnUnknownToolNone() {
        headers.learn(ScriptedModernServer.parse("{\"tools\":[{\"name\":\"q\",\"inputSchema\":{\"type\":\"object\","
                + "\"properties\":{\"region\":{\"type\":\"string\",\"x-mcp-header\":\"Region\"}}}}]}"));
        assertEquals(Map.of(), headers.headers("q", ScriptedModernServer.parse("{\"region\":null}")));
        assertEquals(Map.of(), headers.headers("q", ScriptedModernServer.parse("{}")));
        assertEquals(Map.of(), headers.headers("other", ScriptedModernServer.parse("{\"region\":\"eu\"}")));
    }
}
