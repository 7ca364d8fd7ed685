package dev.mcpgate.it.catalogue;

import dev.mcpgate.McpGateEndpoint;
import dev.mcpgate.event.SchemaItemChange;
import dev.mcpgate.schema.CatalogueChange;
import dev.mcpgate.schema.CatalogueVersion;
import dev.mcpgate.schema.ListState;
import dev.mcpgate.schema.McpCatalogue;
import dev.mcpgate.schema.Sighting;
import io.modelcontextprotocol.server.McpSyncServer;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Outside the filter's mapping. {@code GET /test-catalogue?endpoint=E&list=tools/list}: the
 * catalogue history of a list through the public {@link McpCatalogue} API, as JSON:
 * <pre>{"state":{"currentVersion":2,"stale":false},"versions":[{"version":2,"itemCount":3,
 *   "changes":[{"change":"added","name":"x","fields":[],"descriptionOnly":false,"renameHint":null}],
 *   "sightings":["session-id or client name", ...]}, ...]}</pre>
 * {@code POST /test-catalogue?action=...}: changes the SDK server's tools ({@code add}, {@code remove},
 * {@code describe}, {@code reshape} the tool {@code tool}; the SDK server then sends
 * {@code notifications/tools/list_changed} itself) or the paging servlet's prompt description
 * ({@code prompt}, {@code description}).
 */
@WebServlet(urlPatterns = "/test-catalogue")
public class CatalogueServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            history(request, response);
        } catch (IllegalStateException storeNotOpenYet) {
            response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE, storeNotOpenYet.getMessage());
        }
    }

    private void history(HttpServletRequest request, HttpServletResponse response) throws IOException {
        McpCatalogue catalogue = McpGateEndpoint.find(getServletContext(), request.getParameter("endpoint"))
                .flatMap(McpGateEndpoint::catalogue).orElseThrow();
        String list = request.getParameter("list");
        JsonObjectBuilder result = Json.createObjectBuilder();
        for (var current : catalogue.current()) {
            ListState state = current.state();
            if (state.listMethod().equals(list)) {
                result.add("state", Json.createObjectBuilder().add("currentVersion", state.currentVersion())
                        .add("stale", state.stale()));
            }
        }
        JsonArrayBuilder versions = Json.createArrayBuilder();
        for (CatalogueVersion version : catalogue.versions(list, 100)) {
            JsonArrayBuilder changes = Json.createArrayBuilder();
            for (CatalogueChange change : catalogue.changesTo(list, version.version())) {
                SchemaItemChange item = change.item();
                JsonObjectBuilder c = Json.createObjectBuilder().add("change", item.change()).add("name", item.name())
                        .add("fields", Json.createArrayBuilder(item.changedFields()))
                        .add("descriptionOnly", item.descriptionOnly());
                if (item.renameHint() == null) {
                    c.addNull("renameHint");
                } else {
                    c.add("renameHint", item.renameHint());
                }
                changes.add(c);
            }
            JsonArrayBuilder seen = Json.createArrayBuilder();
            for (Sighting sighting : catalogue.sightings(list, version.version(), 100)) {
                seen.add(sighting.sessionId() != null ? sighting.sessionId() : String.valueOf(sighting.clientName()));
            }
            versions.add(Json.createObjectBuilder().add("version", version.version())
                    .add("itemCount", version.itemCount()).add("contentHash", version.contentHash())
                    .add("changes", changes).add("sightings", seen));
        }
        result.add("versions", versions);
        result.add("health", catalogue.health().toString());
        response.setContentType("application/json;charset=UTF-8");
        response.getWriter().write(result.build().toString());
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) {
        McpSyncServer server = (McpSyncServer) getServletContext().getAttribute(CatalogueTestServers.SERVER_ATTRIBUTE);
        String tool = request.getParameter("tool");
        switch (request.getParameter("action")) {
            case "add" -> server.addTool(CatalogueTestServers.tool(tool, "An extra tool.", "q"));
            case "remove" -> server.removeTool(tool);
            // addTool replaces a tool of the same name in one step (a remove + add would show a list without it)
            case "describe" -> server.addTool(CatalogueTestServers.tool(tool, request.getParameter("description"), "text"));
            case "reshape" -> server.addTool(CatalogueTestServers.tool(tool, request.getParameter("description"),
                    "message"));
            case "prompt" -> PagingServlet.description = request.getParameter("description");
            default -> throw new IllegalArgumentException(request.getParameter("action"));
        }
        response.setStatus(HttpServletResponse.SC_NO_CONTENT);
    }
}
