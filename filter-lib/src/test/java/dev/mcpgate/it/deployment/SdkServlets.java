package dev.mcpgate.it.deployment;

import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import java.util.Collection;

/** The MCP Java SDK 2.1.0 servers the test deployments put behind (or beside) the filter. */
final class SdkServlets {

    private SdkServlets() {
    }

    /**
     * An SDK server with the legacy streamable transport and {@code tools}, registered as the servlet
     * {@code servletName} at {@code path}.
     */
    static McpSyncServer streamable(ServletContext context, String servletName, String path, String serverName,
            SyncToolSpecification... tools) {
        HttpServletStreamableServerTransportProvider transport = HttpServletStreamableServerTransportProvider
                .builder()
                .mcpEndpoint(path)
                .build();
        McpSyncServer server = McpServer.sync(transport)
                .serverInfo(serverName, McpTestServers.SERVER_VERSION)
                .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
                .tools(tools)
                .build();
        ServletRegistration.Dynamic registration = context.addServlet(servletName, transport);
        // the SDK calls startAsync(): it and every filter in front of it must be async-supported
        registration.setAsyncSupported(true);
        registration.addMapping(path);
        return server;
    }

    /** Closes the servers at undeploy; a failure is logged, and the others still close. */
    static void closeAll(ServletContext context, Collection<McpSyncServer> servers) {
        for (McpSyncServer server : servers) {
            try {
                server.closeGracefully();
            } catch (RuntimeException e) {
                context.log("closing an MCP test server failed", e);
            }
        }
        servers.clear();
    }
}
