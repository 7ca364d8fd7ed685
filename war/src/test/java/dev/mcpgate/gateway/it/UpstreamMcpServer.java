package dev.mcpgate.gateway.it;

import dev.mcpgate.gateway.demo.DemoMcpServer;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;

/**
 * The upstream MCP server of the gateway-mode tests: the demo MCP server (the MCP Java SDK's
 * servlet with {@code echo}, {@code slow-task}, ...) on its own embedded Tomcat in the test JVM, with
 * no McpGate in front of it, plus the {@link UpstreamProbes}. A server under test in another JVM
 * reaches it on 127.0.0.1.
 */
final class UpstreamMcpServer implements AutoCloseable {

    private final Tomcat tomcat;
    private final int port;
    private DemoMcpServer demo;

    private UpstreamMcpServer(int port) throws IOException, LifecycleException {
        this.port = port;
        this.tomcat = new Tomcat();
        File base = Files.createTempDirectory("mcpgate-upstream").toFile();
        tomcat.setBaseDir(base.getAbsolutePath());
        Connector connector = new Connector();
        connector.setPort(port);
        connector.setProperty("address", "127.0.0.1");
        tomcat.getService().addConnector(connector);
        tomcat.setConnector(connector);
        Context context = tomcat.addContext("", base.getAbsolutePath());
        context.addServletContainerInitializer((classes, servletContext) -> {
            demo = DemoMcpServer.install(servletContext, "/mcp");
            var drip = servletContext.addServlet("drip", new UpstreamProbes.Drip());
            drip.setAsyncSupported(true);
            drip.addMapping("/mcp/drip");
            var silent = servletContext.addServlet("silent", new UpstreamProbes.Silent());
            silent.setAsyncSupported(true);
            silent.addMapping("/mcp/silent");
            servletContext.addServlet("probe", new UpstreamProbes.PathProbe()).addMapping("/mcp/probe/*", "/admin/*");
            var hold = servletContext.addServlet("hold", new UpstreamProbes.Hold());
            hold.setAsyncSupported(true);
            hold.addMapping("/mcp/hold");
        }, null);
        tomcat.start();
    }

    /** Starts one on a free port. */
    static UpstreamMcpServer start() {
        try {
            return new UpstreamMcpServer(freePort());
        } catch (IOException | LifecycleException e) {
            throw new IllegalStateException("the upstream MCP server did not start", e);
        }
    }

    /** The MCP endpoint URL. */
    String url() {
        return "http://127.0.0.1:" + port + "/mcp";
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws LifecycleException {
        if (demo != null) {
            demo.close();
        }
        tomcat.stop();
        tomcat.destroy();
    }
}
