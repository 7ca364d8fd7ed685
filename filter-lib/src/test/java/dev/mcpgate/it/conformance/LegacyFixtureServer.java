package dev.mcpgate.it.conformance;

import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;

/**
 * One MCP Java SDK 2.1.0 server with the conformance fixtures ({@link LegacyFixtures}), for tests outside this
 * package that host its servlet themselves (the era bridge's tests reach it over plain HTTP).
 *
 * @param servlet the SDK's servlet, to register async-supported at {@code path}
 * @param server the server behind it, to close when done
 */
public record LegacyFixtureServer(HttpServletStreamableServerTransportProvider servlet, McpSyncServer server) {

    /** The fixture server answering at {@code path} (also what {@link LegacyFixtureServers} deploys). */
    public static LegacyFixtureServer at(String path) {
        HttpServletStreamableServerTransportProvider transport = HttpServletStreamableServerTransportProvider.builder()
                .mcpEndpoint(path)
                .build();
        McpSyncServer server = McpServer.sync(transport)
                .serverInfo("mcpgate-conformance-legacy", "1.0.0")
                .capabilities(McpSchema.ServerCapabilities.builder()
                        .tools(false).resources(false, false).prompts(false).logging().completions().build())
                .tools(LegacyFixtures.tools())
                .resources(LegacyFixtures.resources())
                .resourceTemplates(LegacyFixtures.resourceTemplates())
                .prompts(LegacyFixtures.prompts())
                .completions(LegacyFixtures.completions())
                .build();
        return new LegacyFixtureServer(transport, server);
    }
}
