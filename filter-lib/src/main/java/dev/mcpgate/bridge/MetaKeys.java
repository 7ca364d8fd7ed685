package dev.mcpgate.bridge;

/** The {@code _meta} keys of 2026-07-28 that the bridge reads and writes. */
public final class MetaKeys {

    public static final String PROTOCOL_VERSION = "io.modelcontextprotocol/protocolVersion";
    public static final String CLIENT_INFO = "io.modelcontextprotocol/clientInfo";
    public static final String CLIENT_CAPABILITIES = "io.modelcontextprotocol/clientCapabilities";
    public static final String LOG_LEVEL = "io.modelcontextprotocol/logLevel";
    public static final String SERVER_INFO = "io.modelcontextprotocol/serverInfo";
    public static final String SUBSCRIPTION_ID = "io.modelcontextprotocol/subscriptionId";

    /** The revision the bridge speaks to modern peers. */
    public static final String MODERN_VERSION = "2026-07-28";
    /** The revision the bridge speaks to legacy peers (it offers it in initialize; the server may choose lower). */
    public static final String LEGACY_VERSION = "2025-11-25";

    private MetaKeys() {
    }
}
