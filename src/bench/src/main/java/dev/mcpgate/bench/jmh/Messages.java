package dev.mcpgate.bench.jmh;

import java.nio.charset.StandardCharsets;

/** Representative MCP messages for the microbenchmarks, built once. */
final class Messages {

    private Messages() {
    }

    /** A small tools/call request, as a client sends it. */
    static final String SMALL_CALL = "{\"jsonrpc\":\"2.0\",\"id\":\"7f3c-42\",\"method\":\"tools/call\",\"params\":"
            + "{\"name\":\"get_weather\",\"arguments\":{\"city\":\"Lisbon\",\"units\":\"metric\"},"
            + "\"_meta\":{\"progressToken\":\"p-42\"}}}";

    /** An initialize request with client info. */
    static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":"
            + "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{\"roots\":{\"listChanged\":true},"
            + "\"sampling\":{},\"elicitation\":{}},\"clientInfo\":{\"name\":\"claude-ai\",\"version\":\"0.1.0\"}}}";

    /** A tools/call answer with one text item, as an SSE event's data carries it. */
    static final String TOOL_ANSWER = "{\"jsonrpc\":\"2.0\",\"id\":\"7f3c-42\",\"result\":{\"content\":[{\"type\":"
            + "\"text\",\"text\":\"Lisbon: 21 \u00b0C, clear sky, wind 12 km/h from the north-west.\"}],"
            + "\"isError\":false}}";

    /** A tools/list answer with {@code n} tools, each with a description and an input schema. */
    static String toolsList(int n) {
        StringBuilder b = new StringBuilder(n * 400);
        b.append("{\"jsonrpc\":\"2.0\",\"id\":\"list-1\",\"result\":{\"tools\":[");
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append("{\"name\":\"tool_").append(i).append("\",\"title\":\"Tool number ").append(i)
                    .append("\",\"description\":\"Does thing ").append(i)
                    .append(" to the resource given; returns a short text report with \\\"quotes\\\" and é.\",")
                    .append("\"inputSchema\":{\"type\":\"object\",\"properties\":{\"target\":{\"type\":\"string\","
                            + "\"description\":\"What to act on\"},\"count\":{\"type\":\"integer\",\"minimum\":1,"
                            + "\"maximum\":100},\"flags\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}}},"
                            + "\"required\":[\"target\"]},\"annotations\":{\"readOnlyHint\":")
                    .append(i % 2 == 0).append("}}");
        }
        b.append("],\"nextCursor\":null}}");
        return b.toString();
    }

    /**
     * A long SSE stream as the MCP Java SDK writes it: {@code progress} progress notifications, then
     * the final tools/call result (event id = session id).
     */
    static byte[] longSseStream(int progress) {
        StringBuilder b = new StringBuilder(progress * 260 + 400);
        String session = "5b7e2c1a-9d3f-4e6b-8a2c-1f0e9d8c7b6a";
        for (int i = 1; i <= progress; i++) {
            b.append("id: stream-1_").append(String.format("%08x-aaaa-bbbb-cccc-%012d", i, i)).append('\n')
                    .append("event: message\n")
                    .append("data: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":")
                    .append("{\"progressToken\":\"p-42\",\"progress\":").append(i).append(",\"total\":")
                    .append(progress).append(",\"message\":\"step ").append(i).append(" of ").append(progress)
                    .append("\"}}\n\n");
        }
        b.append("id: ").append(session).append('\n').append("event: message\n")
                .append("data: {\"jsonrpc\":\"2.0\",\"id\":\"7f3c-42\",\"result\":{\"content\":[{\"type\":\"text\","
                        + "\"text\":\"done after ").append(progress).append(" steps\"}],\"isError\":false}}\n\n");
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }
}
