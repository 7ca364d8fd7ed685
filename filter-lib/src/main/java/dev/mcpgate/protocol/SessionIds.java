package dev.mcpgate.protocol;

/**
 * What the MCP specification allows in an {@code Mcp-Session-Id}: only visible ASCII characters,
 * 0x21 to 0x7E (Streamable HTTP transport, "Session Management"). One check for every place that
 * decides whether an id is well formed: the guard (which refuses others), the session book (which
 * tracks only such ids) and the store (which keeps any other id apart by a hash).
 */
public final class SessionIds {

    private SessionIds() {
    }

    /**
     * Whether {@code id} is a session id within bounds: not empty, at most {@code maxLength}
     * characters, every one visible ASCII. The guard refuses other ids; the session book tracks none.
     */
    public static boolean isWellFormed(String id, int maxLength) {
        return id != null && !id.isEmpty() && id.length() <= maxLength && isVisibleAscii(id);
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
