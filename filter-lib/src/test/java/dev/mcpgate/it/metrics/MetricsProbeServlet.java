package dev.mcpgate.it.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Tells the test what the application's CDI {@code MeterRegistry} holds: the count of
 * {@code mcp.server.operation.duration} recordings with the {@code mcp.method.name} and {@code gen_ai.tool.name}
 * asked for ({@code ?method=tools/call&tool=echo}), as plain text.
 */
@WebServlet(urlPatterns = MetricsProbeServlet.PATH)
public class MetricsProbeServlet extends HttpServlet {

    public static final String PATH = "/metrics-probe";
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        MeterRegistry registry = CDI.current().select(MeterRegistry.class).get();
        long count = registry.find("mcp.server.operation.duration")
                .tag("mcp.method.name", request.getParameter("method"))
                .tag("gen_ai.tool.name", request.getParameter("tool"))
                .timers().stream().mapToLong(Timer::count).sum();
        response.setContentType("text/plain");
        response.getWriter().print(count);
    }
}
