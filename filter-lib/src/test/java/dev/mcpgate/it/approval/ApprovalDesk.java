package dev.mcpgate.it.approval;

import dev.mcpgate.McpGateEndpoint;
import dev.mcpgate.approval.DecideResult;
import dev.mcpgate.approval.InMemoryApprovals;
import dev.mcpgate.approval.PendingApproval;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.servlet.ServletContext;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The approval IT's stand-in for the WAR's approvals API (which the WAR module tests), outside the
 * filter's mapping: {@code GET /approval-desk} lists the pending holds of the filter's endpoint
 * ({@code [{"id","target","arguments","waiters"}]}), {@code POST /approval-desk?id=…&decision=approve|deny&reason=…}
 * decides one as the operator {@value #OPERATOR} and answers the result's status. It is also where
 * {@link HoldingInterceptor} finds the filter's approvals (the servlet context it remembers at init).
 */
@WebServlet(urlPatterns = ApprovalDesk.PATH, loadOnStartup = 1)
public class ApprovalDesk extends HttpServlet {

    public static final String PATH = "/approval-desk";
    public static final String OPERATOR = "it-operator";
    private static final long serialVersionUID = 1L;
    private static volatile ServletContext context;

    @Override
    public void init() {
        context = getServletContext();
    }

    /** The filter's approvals of the deployment's one endpoint. */
    static InMemoryApprovals approvals() {
        return McpGateEndpoint.all(context).get(0).approvals();
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        JsonArrayBuilder holds = Json.createArrayBuilder();
        for (PendingApproval p : approvals().pending()) {
            holds.add(Json.createObjectBuilder().add("id", p.id()).add("target", p.binding().target())
                    .add("arguments", p.arguments()).add("waiters", p.waiters()));
        }
        response.setContentType("application/json");
        response.getWriter().write(holds.build().toString());
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        DecideResult result = approvals().decide(request.getParameter("id"),
                "approve".equals(request.getParameter("decision")), OPERATOR, request.getParameter("reason"));
        response.setContentType("text/plain");
        response.getWriter().write(result.status().name());
    }
}
