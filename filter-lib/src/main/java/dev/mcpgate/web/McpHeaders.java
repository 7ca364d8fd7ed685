package dev.mcpgate.web;

/** The HTTP headers of the MCP Streamable HTTP transport that the filter reads. */
final class McpHeaders {

    static final String SESSION_ID = "Mcp-Session-Id";
    static final String PROTOCOL_VERSION = "MCP-Protocol-Version";
    /** Modern era: the JSON-RPC method, repeated in a header so that gateways need not read the body. */
    static final String METHOD = "Mcp-Method";
    /** Modern era: the tool, prompt or resource the request is about. */
    static final String NAME = "Mcp-Name";

    private McpHeaders() {
    }
}
