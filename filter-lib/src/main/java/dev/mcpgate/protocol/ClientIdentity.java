package dev.mcpgate.protocol;

/**
 * Who the MCP client says it is: the raw {@code clientInfo.name} and {@code clientInfo.version}
 * exactly as sent, and the platform they map to.
 *
 * @param name     the raw client name, or {@code null} when the client sent none
 * @param version  the raw client version, or {@code null}
 * @param platform the platform the name maps to, never {@code null}
 */
public record ClientIdentity(String name, String version, ClientPlatform platform) implements java.io.Serializable {

    /** A client that said nothing about itself. */
    public static final ClientIdentity UNKNOWN = new ClientIdentity(null, null, ClientPlatform.UNKNOWN);

    public ClientIdentity {
        platform = platform == null ? ClientPlatform.UNKNOWN : platform;
    }

    /** The identity for a raw name and version, with the platform looked up from the name. */
    public static ClientIdentity of(String name, String version) {
        if (name == null && version == null) {
            return UNKNOWN;
        }
        return new ClientIdentity(name, version, ClientPlatform.fromClientName(name));
    }

    public boolean isKnown() {
        return name != null;
    }
}
