package dev.mcpgate.it.bridge;

import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Outside the filter's mapping. {@code POST /listen-control?action=...} changes the listen-relay IT's SDK
 * server: {@code add-tool&tool=N} (the SDK then sends {@code notifications/tools/list_changed}),
 * {@code prompts-changed} ({@code notifications/prompts/list_changed}), {@code updated&uri=U}
 * ({@code notifications/resources/updated} to the sessions subscribed to U). Answers 204.
 */
@WebServlet(urlPatterns = "/listen-control")
public class ListenControlServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) {
        McpSyncServer server = (McpSyncServer) getServletContext().getAttribute(ListenTestServers.SERVER_ATTRIBUTE);
        switch (request.getParameter("action")) {
            case "add-tool" -> server.addTool(ListenTestServers.tool(request.getParameter("tool")));
            case "prompts-changed" -> server.notifyPromptsListChanged();
            case "updated" -> server.notifyResourcesUpdated(
                    new McpSchema.ResourcesUpdatedNotification(request.getParameter("uri")));
            default -> throw new IllegalArgumentException(request.getParameter("action"));
        }
        response.setStatus(HttpServletResponse.SC_NO_CONTENT);
    }
}
