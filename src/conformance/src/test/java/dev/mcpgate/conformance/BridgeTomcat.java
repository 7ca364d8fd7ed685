package dev.mcpgate.conformance;

import dev.mcpgate.McpSessionFilter;
import jakarta.servlet.Servlet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.Wrapper;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;

/**
 * An embedded Tomcat on 127.0.0.1 and a free port, with MCP servlets each behind its own
 * {@link McpSessionFilter} instance (init-params as given; {@code log-exchanges=true} always, so that
 * {@code ExchangeLog} sees every exchange). Start fails with a message that names the filter's settings when
 * the context does not start: e.g. a filter that does not know {@code bridge=on} refuses it.
 */
final class BridgeTomcat implements AutoCloseable {

    private final Tomcat tomcat;
    private final Connector connector;

    private BridgeTomcat(Tomcat tomcat, Connector connector) {
        this.tomcat = tomcat;
        this.connector = connector;
    }

    /** One endpoint: the servlet at {@code path}, the filter in front with {@code settings}. */
    record Endpoint(String path, Servlet servlet, Map<String, String> settings) {
    }

    static BridgeTomcat start(String name, Endpoint... endpoints) throws LifecycleException, java.io.IOException {
        Path base = Path.of("target", name).toAbsolutePath();
        Files.createDirectories(base);
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(base.toString());
        Connector connector = new Connector("HTTP/1.1");
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        tomcat.setConnector(connector);
        Context context = tomcat.addContext("", base.toString());
        int n = 0;
        for (Endpoint e : endpoints) {
            String servletName = "mcp-" + (++n);
            Wrapper wrapper = Tomcat.addServlet(context, servletName, e.servlet());
            wrapper.setAsyncSupported(true); // the SDK servlets go async
            wrapper.setLoadOnStartup(1);
            context.addServletMappingDecoded(e.path(), servletName);
            addFilter(context, "mcpgate-" + n, e.path(), e.settings());
        }
        BridgeTomcat started = new BridgeTomcat(tomcat, connector);
        tomcat.start();
        if (context.getState() != LifecycleState.STARTED) {
            started.close();
            throw new IllegalStateException("the MCP servers and their filters did not start (context "
                    + context.getState() + "): does the filter know the bridge's settings? "
                    + java.util.Arrays.stream(endpoints).map(Endpoint::settings).toList()
                    + " (the log above names the setting it refused)");
        }
        return started;
    }

    /** The usual settings of a bridging filter: bridge on, the upstream's era said, guard at enforce. */
    static Map<String, String> bridging(String endpointName, String upstreamEra) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("endpoint-name", endpointName);
        settings.put("guard", "enforce");
        settings.put("bridge", "on");
        settings.put("bridge-upstream-era", upstreamEra);
        return settings;
    }

    int port() {
        return connector.getLocalPort();
    }

    String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    private static void addFilter(Context context, String name, String path, Map<String, String> settings) {
        FilterDef def = new FilterDef();
        def.setFilterName(name);
        def.setFilter(new McpSessionFilter());
        def.setAsyncSupported("true");
        settings.forEach(def::addInitParameter);
        def.addInitParameter("log-exchanges", "true");
        context.addFilterDef(def);
        FilterMap map = new FilterMap();
        map.setFilterName(name);
        map.addURLPatternDecoded(path);
        context.addFilterMap(map);
    }

    @Override
    public void close() throws LifecycleException {
        if (tomcat.getServer().getState() != LifecycleState.DESTROYED) {
            tomcat.stop();
            tomcat.destroy();
        }
    }
}
