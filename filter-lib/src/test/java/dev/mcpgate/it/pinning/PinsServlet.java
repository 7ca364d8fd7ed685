package dev.mcpgate.it.pinning;

import dev.mcpgate.McpGateEndpoint;
import dev.mcpgate.pin.CataloguePins;
import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Outside the filter's mapping, the pinning test's stand-in for the WAR's {@code /mcpgate/api/pins}, on the
 * public {@code McpGateEndpoint.pins()} API. {@code GET /test-pins?endpoint=E}:
 * {@code {"loaded":true,"approved":3}} ({@code approved} 0 when nothing is); {@code POST
 * /test-pins?endpoint=E&version=N}: approves version N of {@code tools/list} as {@code it-operator}.
 */
@WebServlet(urlPatterns = "/test-pins")
public class PinsServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private CataloguePins pins(HttpServletRequest request) {
        return McpGateEndpoint.find(getServletContext(), request.getParameter("endpoint"))
                .flatMap(McpGateEndpoint::pins).orElseThrow();
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        send(response, pins(request));
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        CataloguePins pins = pins(request);
        pins.approve(CataloguePins.TOOLS, Integer.parseInt(request.getParameter("version")), "it-operator");
        send(response, pins);
    }

    private static void send(HttpServletResponse response, CataloguePins pins) throws IOException {
        JsonObjectBuilder status = Json.createObjectBuilder().add("loaded", pins.loaded())
                .add("approved", pins.pin(CataloguePins.TOOLS).map(p -> p.version()).orElse(0));
        response.setContentType("application/json;charset=UTF-8");
        response.getWriter().write(status.build().toString());
    }
}
