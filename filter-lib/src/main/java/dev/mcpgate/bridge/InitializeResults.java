package dev.mcpgate.bridge;

import static dev.mcpgate.bridge.ModernAnswerReader.JSON;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import java.util.Set;

/**
 * A legacy {@code initialize} result made from a 2026-07-28 {@code server/discover} result: the agreed legacy
 * version, the server's capabilities (only those a legacy revision defines: a legacy client may refuse what it
 * does not know), its {@code serverInfo} (from the discover result's {@code _meta}) and instructions.
 */
final class InitializeResults {

    /** The server capabilities of 2025-11-25 that a 2026-07-28 server also announces. */
    private static final Set<String> LEGACY_CAPABILITIES = Set.of("experimental", "logging", "completions",
            "prompts", "resources", "tools");

    /** Said as the server's identity when the discover result names none (a legacy result must have one). */
    static final String UNNAMED_SERVER = "mcp-server (2026-07-28, via McpGate)";

    private InitializeResults() {
    }

    static JsonObject from(JsonObject discover, String version) {
        JsonObjectBuilder capabilities = JSON.createObjectBuilder();
        if (discover.get("capabilities") instanceof JsonObject given) {
            given.forEach((name, value) -> {
                if (LEGACY_CAPABILITIES.contains(name) && value instanceof JsonObject) {
                    capabilities.add(name, value);
                }
            });
        }
        JsonObjectBuilder result = JSON.createObjectBuilder().add("protocolVersion", version)
                .add("capabilities", capabilities).add("serverInfo", serverInfo(discover));
        if (discover.get("instructions") instanceof JsonString instructions) {
            result.add("instructions", instructions);
        }
        return result.build();
    }

    private static JsonObject serverInfo(JsonObject discover) {
        if (discover.get("_meta") instanceof JsonObject meta
                && meta.get(MetaKeys.SERVER_INFO) instanceof JsonObject info && info.containsKey("name")) {
            return info;
        }
        return JSON.createObjectBuilder().add("name", UNNAMED_SERVER).add("version", "unknown").build();
    }
}
