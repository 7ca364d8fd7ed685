package dev.mcpgate.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ClientPlatformTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "claude-ai|CLAUDE",
        "claude-code|CLAUDE",
        "openai-mcp|CHATGPT",
        "ChatGPT|CHATGPT",
        "cursor-vscode|CURSOR",
        "cursor|CURSOR",
        "Visual Studio Code|VSCODE",
        "vscode|VSCODE",
        "copilot|COPILOT",
        "GitHub Copilot|COPILOT",
        "windsurf-client|WINDSURF",
        "Windsurf|WINDSURF",
        "Zed|ZED",
        "continue-client|CONTINUE",
        "Cline|CLINE",
        "Roo-Code|ROO",
        "roo-cline|ROO",
        "codex-mcp-client|CODEX",
        "codex|CODEX",
        "gemini-cli-mcp-client|GEMINI",
        "inspector-cli|INSPECTOR",
        "mcp-inspector|INSPECTOR",
        "inspector-client|INSPECTOR",
    })
    void everyKnownClientNameMapsToItsPlatform(String name, ClientPlatform expected) {
        assertEquals(expected, ClientPlatform.fromClientName(name));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "CLAUDE-AI|CLAUDE",
        "chatgpt|CHATGPT",
        "VISUAL STUDIO CODE|VSCODE",
        "github copilot|COPILOT",
        "ZED|ZED",
        "roo-code|ROO",
        "MCP-Inspector|INSPECTOR",
    })
    void namesMatchIgnoringCase(String name, ClientPlatform expected) {
        assertEquals(expected, ClientPlatform.fromClientName(name));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "claude-desktop|CLAUDE",
        "Claude Desktop|CLAUDE",
        "claude|CLAUDE",
        "gemini|GEMINI",
        "Gemini-CLI 0.1|GEMINI",
        "JetBrains-IntelliJ|JETBRAINS",
        "jetbrains-pycharm|JETBRAINS",
    })
    void prefixRulesApplyAfterTheExactTable(String name, ClientPlatform expected) {
        assertEquals(expected, ClientPlatform.fromClientName(name));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "claude-ai (via mcp-remote 0.1.18)|CLAUDE",
        "Cursor (via mcp-remote 0.1.29)|CURSOR",
        "Visual Studio Code (via mcp-remote 0.1.0)|VSCODE",
        "JetBrains-Rider (via mcp-remote 0.1.18)|JETBRAINS",
        "claude-ai (VIA MCP-REMOTE 0.1.18)|CLAUDE",
        "my-own-client (via mcp-remote 0.1.18)|UNKNOWN",
    })
    void mcpRemoteSuffixIsIgnored(String name, ClientPlatform expected) {
        assertEquals(expected, ClientPlatform.fromClientName(name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "my-own-client", "roo", "xclaude", "cursor-vscode-fork", "insp", "(via mcp-remote 1)"})
    void unrecognisedNamesAreUnknown(String name) {
        assertEquals(ClientPlatform.UNKNOWN, ClientPlatform.fromClientName(name));
    }

    @Test
    void nullNameIsUnknown() {
        assertEquals(ClientPlatform.UNKNOWN, ClientPlatform.fromClientName(null));
    }

    @Test
    void surroundingWhitespaceIsIgnored() {
        assertEquals(ClientPlatform.ZED, ClientPlatform.fromClientName("  Zed "));
    }

    @Test
    void stripViaSuffixRemovesOnlyTheBridgeSuffix() {
        assertEquals("claude-ai", ClientPlatform.stripViaSuffix("claude-ai (via mcp-remote 0.1.18)"));
        assertEquals("Cursor", ClientPlatform.stripViaSuffix("Cursor (via mcp-remote"));
        assertEquals("tool (via proxy)", ClientPlatform.stripViaSuffix("tool (via proxy)"));
    }

    @Test
    void stripViaSuffixReturnsTheSameInstanceWhenThereIsNoSuffix() {
        String name = "claude-ai";
        assertSame(name, ClientPlatform.stripViaSuffix(name));
        assertNull(ClientPlatform.stripViaSuffix(null));
    }

    @Test
    void wireNamesAreDistinctLowerCaseNames() {
        Set<String> seen = new HashSet<>();
        for (ClientPlatform platform : ClientPlatform.values()) {
            assertEquals(platform.name().toLowerCase(java.util.Locale.ROOT), platform.wireName());
            seen.add(platform.wireName());
        }
        assertEquals(ClientPlatform.values().length, seen.size());
        assertEquals("chatgpt", ClientPlatform.CHATGPT.wireName());
    }

    @Test
    void clientIdentityLooksUpThePlatformFromTheName() {
        ClientIdentity identity = ClientIdentity.of("claude-ai (via mcp-remote 0.1.18)", "0.1.0");
        assertEquals(ClientPlatform.CLAUDE, identity.platform());
        assertEquals("claude-ai (via mcp-remote 0.1.18)", identity.name(), "the raw name is kept");
    }
}
