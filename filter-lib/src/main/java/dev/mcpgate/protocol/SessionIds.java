package dev.mcpgate.protocol;

/**
 * What the MCP specification allows in an {@code Mcp-Session-Id}: only visible ASCII characters,
 * 0x21 to 0x7E (Streamable HTTP transport, "Session Management"). One check for every place that
 * decides whether an id is well formed: the session book (which tracks only such ids) and the store
 * (which keeps any other id apart by a hash).
 */
public final class SessionIds {

    private SessionIds() {
    }

    /** Whether every character of {@code id} is visible ASCII (true for the empty string). */
    public static boolean isVisibleAscii(String id) {
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c < 0x21 || c > 0x7E) {
                return false;
            }
        }
        return true;
    }
}
