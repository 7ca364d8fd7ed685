package dev.mcpgate.gateway.metrics;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;

/**
 * {@code GET /mcpgate/metrics}: every meter of the WAR's registry in the Prometheus text format
 * (version 0.0.4), or OpenMetrics when the scraper's {@code Accept} asks for
 * {@code application/openmetrics-text}. {@code web.xml} lets the roles {@code mcpgate-metrics} and
 * {@code mcpgate-admin} in. A registry not there (undeployed) answers 503.
 */
@WebServlet(name = "mcpgate-metrics", urlPatterns = MetricsServlet.PATH)
public class MetricsServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /** Where Prometheus scrapes. */
    public static final String PATH = "/mcpgate/metrics";

    /** The Prometheus text format; the registry's writer is chosen by it as by an {@code Accept} header. */
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    static final String OPEN_METRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        PrometheusMeterRegistry registry = PrometheusRegistry.of(getServletContext());
        if (registry == null) {
            response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE, "no registry");
            return;
        }
        String accept = request.getHeader("Accept");
        String contentType = accept != null && accept.contains("application/openmetrics-text")
                ? OPEN_METRICS : PROMETHEUS_TEXT;
        response.setContentType(contentType);
        response.setHeader("Cache-Control", "no-store");
        try (OutputStream out = response.getOutputStream()) {
            registry.scrape(out, contentType);
        }
    }
}
