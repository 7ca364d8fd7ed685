package dev.mcpgate.protocol;

import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The product behind an MCP client, recognised from the {@code clientInfo.name} it sends.
 *
 * <p>Clients name themselves freely, so the mapping is a table of the names the common clients
 * are known to send, then a few prefix rules for families that put a product or version into the
 * name. Lookups are case-insensitive and allocate nothing unless the name carries an
 * {@code mcp-remote} suffix, because a modern-era client repeats its name on every request.
 */
public enum ClientPlatform {
    CLAUDE, CHATGPT, CURSOR, VSCODE, COPILOT, WINDSURF, ZED, CONTINUE, CLINE, ROO, CODEX, GEMINI,
    JETBRAINS, INSPECTOR, UNKNOWN;

    /**
     * What the {@code mcp-remote} stdio-to-HTTP bridge appends to the name of the client it
     * serves, e.g. {@code "claude-ai (via mcp-remote 0.1.18)"}.
     */
    private static final String VIA_MCP_REMOTE = " (via mcp-remote";

    /** Whole names, compared ignoring case. A sorted map needs no lower-cased copy of the key. */
    private static final Map<String, ClientPlatform> EXACT = exactNames();

    /** Name prefixes, tried in order after the exact table, compared ignoring case. */
    private static final String[] PREFIXES = {"claude", "gemini", "jetbrains"};
    private static final ClientPlatform[] PREFIX_PLATFORMS = {CLAUDE, GEMINI, JETBRAINS};

    private final String wireName = name().toLowerCase(Locale.ROOT);

    /** The lower-case name used in rows and log lines, e.g. {@code "claude"}. */
    public String wireName() {
        return wireName;
    }

    /**
     * The platform a raw {@code clientInfo.name} maps to.
     *
     * @param name the name exactly as the client sent it; may be {@code null}
     * @return the platform, {@link #UNKNOWN} for {@code null} or an unrecognised name
     */
    public static ClientPlatform fromClientName(String name) {
        if (name == null) {
            return UNKNOWN;
        }
        String bare = stripViaSuffix(name).strip();
        ClientPlatform exact = EXACT.get(bare);
        if (exact != null) {
            return exact;
        }
        for (int i = 0; i < PREFIXES.length; i++) {
            if (bare.regionMatches(true, 0, PREFIXES[i], 0, PREFIXES[i].length())) {
                return PREFIX_PLATFORMS[i];
            }
        }
        return UNKNOWN;
    }

    /**
     * The client name without the {@code " (via mcp-remote …)"} suffix that the {@code mcp-remote}
     * bridge appends, so that a bridged client maps to the product that started the bridge.
     *
     * @param name a raw client name; may be {@code null}
     * @return the name without the suffix, the same instance when it has none, {@code null} for {@code null}
     */
    public static String stripViaSuffix(String name) {
        if (name == null) {
            return null;
        }
        int at = lastIndexOfIgnoreCase(name, VIA_MCP_REMOTE);
        return at < 0 ? name : name.substring(0, at);
    }

    private static int lastIndexOfIgnoreCase(String text, String part) {
        for (int i = text.length() - part.length(); i >= 0; i--) {
            if (text.regionMatches(true, i, part, 0, part.length())) {
                return i;
            }
        }
        return -1;
    }

    private static Map<String, ClientPlatform> exactNames() {
        Map<String, ClientPlatform> names = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        add(names, CLAUDE, "claude-ai", "claude-code");
        add(names, CHATGPT, "openai-mcp", "ChatGPT");
        add(names, CURSOR, "cursor-vscode", "cursor");
        add(names, VSCODE, "Visual Studio Code", "vscode");
        add(names, COPILOT, "copilot", "GitHub Copilot");
        add(names, WINDSURF, "windsurf-client", "Windsurf");
        add(names, ZED, "Zed");
        add(names, CONTINUE, "continue-client");
        add(names, CLINE, "Cline");
        add(names, ROO, "Roo-Code", "roo-cline");
        add(names, CODEX, "codex-mcp-client", "codex");
        add(names, GEMINI, "gemini-cli-mcp-client");
        add(names, INSPECTOR, "inspector-cli", "mcp-inspector", "inspector-client");
        return Collections.unmodifiableMap(names);
    }

    private static void add(Map<String, ClientPlatform> names, ClientPlatform platform, String... clientNames) {
        for (String clientName : clientNames) {
            names.put(clientName, platform);
        }
    }
}
