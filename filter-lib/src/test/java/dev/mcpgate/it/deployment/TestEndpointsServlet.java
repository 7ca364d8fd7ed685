package dev.mcpgate.it.deployment;

import dev.mcpgate.McpGateEndpoint;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonWriter;
import jakarta.json.spi.JsonProvider;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * {@code GET /test-endpoints}: the names of the McpGate endpoints running in this application
 * ({@link McpGateEndpoint#all}), as {@code {"endpoints":["weather"]}}. A filter that runs no endpoint
 * has no queue and no dispatcher, so it can record nothing later: a test of the kill switch checks
 * that at once instead of waiting for events that must not come. Outside the filter's mapping.
 */
@WebServlet(urlPatterns = "/test-endpoints")
public class TestEndpointsServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final JsonProvider JSON = JsonProvider.provider();

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        JsonArrayBuilder names = JSON.createArrayBuilder();
        McpGateEndpoint.all(getServletContext()).forEach(endpoint -> names.add(endpoint.name()));
        response.setContentType("application/json;charset=UTF-8");
        response.setHeader("Cache-Control", "no-store");
        try (JsonWriter writer = JSON.createWriter(response.getOutputStream())) {
            writer.writeObject(JSON.createObjectBuilder().add("endpoints", names).build());
        }
    }
}
