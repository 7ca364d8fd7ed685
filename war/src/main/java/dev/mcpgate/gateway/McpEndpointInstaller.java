package dev.mcpgate.gateway;

import dev.mcpgate.gateway.demo.DemoMcpServer;
import dev.mcpgate.gateway.proxy.UpstreamProxyServlet;
import dev.mcpgate.gateway.proxy.UpstreamSettings;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.annotation.WebListener;

/**
 * Puts the MCP server at {@code /mcp}: with {@code upstream-url} set, the gateway to that server
 * ({@link UpstreamProxyServlet}, also at {@code /mcp/*}); without it, the built-in demo MCP server.
 * Either way {@code McpSessionFilter}, declared in {@code web.xml}, observes it, at {@code guard=enforce}
 * and {@code resume=true}, its rows named {@code demo} or {@code gateway} after the mode, unless a
 * source sets them ({@link WarDefaults}).
 */
@WebListener
public class McpEndpointInstaller implements ServletContextListener {

    /** The MCP endpoint's path in the WAR. */
    public static final String MCP_PATH = "/mcp";

    private DemoMcpServer demo;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        GatewayConfig config = GatewayConfig.resolve(context); // an invalid setting fails the deployment here
        context.setAttribute(GatewayConfig.class.getName(), config);
        WarDefaults.apply(context, config); // guard=enforce, resume=true, endpoint-name=<mode> unless a source sets them
        if (config.gatewayMode()) {
            ServletRegistration.Dynamic proxy = context.addServlet("mcpgate-gateway", new UpstreamProxyServlet(upstreamSettings(config)));
            proxy.setAsyncSupported(true);
            proxy.setLoadOnStartup(1);
            proxy.addMapping(MCP_PATH, MCP_PATH + "/*");
        } else {
            demo = DemoMcpServer.install(context, MCP_PATH);
        }
    }

    /** The proxy's part of the settings: the proxy names no settings source (no cycle with this package). */
    static UpstreamSettings upstreamSettings(GatewayConfig config) {
        return new UpstreamSettings(config.upstream(), config.connectTimeout(), config.idleTimeout(),
                config.maxConcurrent(), config.maxStreamLifetime(), config.client());
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        if (demo != null) {
            demo.close();
        }
    }
}
