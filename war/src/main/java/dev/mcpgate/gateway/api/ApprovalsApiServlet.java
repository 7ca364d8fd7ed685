package dev.mcpgate.gateway.api;

import dev.mcpgate.McpGateEndpoint;
import dev.mcpgate.approval.DecideResult;
import dev.mcpgate.approval.InMemoryApprovals;
import dev.mcpgate.approval.PendingApproval;
import dev.mcpgate.event.ApprovalDecided;
import dev.mcpgate.redact.LogText;
import dev.mcpgate.store.McpAnalytics;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.security.Principal;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The approvals API of the gateway WAR, for users in the role {@code mcpgate-admin} (as the analytics
 * API): the calls held by the rules' {@code hold} action, and the operator's decision on them.
 * <ul>
 *   <li>{@code GET /mcpgate/api/approvals?endpoint&limit} — the pending holds (oldest first: id, rule, caller,
 *       tool, arguments as canonical JSON, held at, deadline, waiting calls) and the latest decisions (newest
 *       first; from {@code mcp_approval} when the store is reachable, else the last 100 in memory:
 *       {@code decisionsFrom} says which);</li>
 *   <li>{@code POST /mcpgate/api/approvals/{id}} with {@code {"decision":"approve"|"deny","reason":"..."}}
 *       ({@code Content-Type: application/json}) — decides the hold: {@code 200} with the decision;
 *       {@code 409 already_decided} with the decision in force when someone (or the timeout) was first;
 *       {@code 404 not_found} for an unknown id. The decision names the authenticated user.</li>
 * </ul>
 * A decision changes what an MCP client gets, so a POST must be {@code application/json} (a cross-site form
 * cannot send it without the browser asking first) and, when the browser sends an {@code Origin}, from this
 * server's own origin: {@code 403 forbidden} otherwise.
 */
@WebServlet(name = "mcpgate-approvals-api", urlPatterns = ApprovalsApiServlet.PATH + "/*")
public class ApprovalsApiServlet extends JsonApiServlet {

    public static final String PATH = AnalyticsApiServlet.PATH + "/approvals";
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = System.getLogger(ApprovalsApiServlet.class.getName());
    private static final int MAX_BODY = 16 * 1024;
    private static final int MAX_REASON = 1000;

    /** A pending hold as the API shows it (session ids as {@code log-session-ids} shows them). */
    public record Pending(String id, String rule, String rulesVersion, String method, String target, String caller,
                          String sessionId, String client, String arguments, boolean argumentsTruncated,
                          int argumentsLength, String argumentsSha256, Instant heldAt, Instant deadline, int waiters) {
    }

    /** A decision as the API shows it, from the store's row or from memory. */
    public record Decision(String id, String decision, String decidedBy, String reason, Instant decidedAt,
                           Instant heldAt, String rule, String rulesVersion, String method, String target,
                           String caller, String sessionId, String argumentsSha256, int waiters) {
    }

    /** The answer of {@code GET}. */
    public record Approvals(String endpoint, int maxHolds, int pendingCount, List<Pending> pending,
                            String decisionsFrom, List<Decision> decisions) {
    }

    /** The answer of a decision: {@code decided} or {@code already_decided}, and the decision in force. */
    public record Decided(String status, Decision decision) {
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Cache-Control", "no-store");
        String call = request.getPathInfo() == null ? "" : request.getPathInfo();
        try {
            if (!call.isEmpty() && !call.equals("/")) {
                send(response, 404, new AnalyticsApiServlet.ApiError("not_found", null, "GET " + PATH
                        + " lists the holds; decide one with POST " + PATH + "/{id}"));
                return;
            }
            send(response, 200, list(request));
        } catch (RuntimeException e) {
            fail("approvals", call, response, e);
        }
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Cache-Control", "no-store");
        String call = request.getPathInfo() == null ? "" : request.getPathInfo();
        try {
            String refusal = crossSiteRefusal(request);
            if (refusal != null) {
                send(response, 403, new AnalyticsApiServlet.ApiError("forbidden", null, refusal));
                return;
            }
            String id = call.startsWith("/") ? call.substring(1) : "";
            if (id.isEmpty() || id.contains("/")) {
                send(response, 404, new AnalyticsApiServlet.ApiError("not_found", null, "POST " + PATH
                        + "/{id} decides the hold with that id"));
                return;
            }
            decide(request, response, id);
        } catch (RuntimeException e) {
            fail("approvals", call, response, e);
        }
    }

    private Approvals list(HttpServletRequest request) {
        ApiQuery query = new ApiQuery(request.getParameterMap(), Set.of("endpoint", "limit"), Instant.now());
        int limit = query.limit();
        McpGateEndpoint endpoint = endpoint(query.text("endpoint"));
        InMemoryApprovals approvals = approvals(endpoint);
        UnaryOperator<String> ids = endpoint.config().logging().sessionIds();
        List<Pending> pending = approvals.pending().stream().map(p -> pending(p, ids)).toList();
        List<Decision> remembered = approvals.recent().stream().map(d -> decision(d, ids)).toList();
        List<Decision> stored = stored(endpoint, limit, ids);
        List<Decision> decisions = stored == null ? remembered.stream().limit(limit).toList()
                : merged(stored, remembered, limit);
        String from = stored == null ? "memory" : "store";
        return new Approvals(endpoint.name(), approvals.maxHolds(), pending.size(), pending, from, decisions);
    }

    /** The endpoint's stored decisions, or {@code null} when the store is off, not reached yet or failing. */
    private static List<Decision> stored(McpGateEndpoint endpoint, int limit, UnaryOperator<String> ids) {
        if (!endpoint.config().store().enabled()) {
            return null;
        }
        try {
            return endpoint.analytics().map(a -> a.approvals(endpoint.name(), limit).stream()
                    .map(r -> decision(r, ids)).toList()).orElse(null);
        } catch (RuntimeException e) { // the pending holds matter more than the history: answer with memory
            LOG.log(Level.DEBUG, "McpGate approvals API: stored decisions unreadable", e);
            return null;
        }
    }

    /** The stored rows and the decisions not written yet (the writer is asynchronous), newest first. */
    private static List<Decision> merged(List<Decision> stored, List<Decision> remembered, int limit) {
        Set<String> storedIds = new java.util.HashSet<>();
        stored.forEach(d -> storedIds.add(d.id()));
        List<Decision> all = new java.util.ArrayList<>(stored);
        remembered.stream().filter(d -> !storedIds.contains(d.id())).forEach(all::add);
        all.sort(java.util.Comparator.comparing(Decision::decidedAt).reversed().thenComparing(Decision::id));
        return all.stream().limit(limit).toList();
    }

    private void decide(HttpServletRequest request, HttpServletResponse response, String id) throws IOException {
        Principal user = request.getUserPrincipal();
        if (user == null) {
            send(response, 403, new AnalyticsApiServlet.ApiError("forbidden", null,
                    "a decision names its operator: authenticate (role mcpgate-admin)"));
            return;
        }
        JsonObject body = body(request);
        boolean approve = verdict(body);
        String reason = reason(body);
        ApiQuery query = new ApiQuery(request.getParameterMap(), Set.of("endpoint"), Instant.now());
        McpGateEndpoint endpoint = endpoint(query.text("endpoint"));
        DecideResult result = approvals(endpoint).decide(id, approve, user.getName(), reason);
        UnaryOperator<String> ids = endpoint.config().logging().sessionIds();
        switch (result.status()) {
            case DECIDED -> {
                LOG.log(Level.INFO, "McpGate approvals: {0} {1} hold {2} ({3} {4})", LogText.escape(user.getName()),
                        approve ? "approved" : "denied", id, result.decision().method(),
                        LogText.escape(String.valueOf(result.decision().target())));
                send(response, 200, new Decided("decided", decision(result.decision(), ids)));
            }
            case ALREADY_DECIDED -> send(response, 409, new Decided("already_decided",
                    result.decision() == null ? null : decision(result.decision(), ids)));
            case UNKNOWN -> send(response, 404, new AnalyticsApiServlet.ApiError("not_found", null,
                    "no pending hold " + LogText.escape(id) + " on endpoint " + endpoint.name()));
        }
    }

    /** Why a POST may come from another site's page, or {@code null} when it cannot. */
    static String crossSiteRefusal(HttpServletRequest request) {
        String type = request.getContentType();
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            return "a decision is a JSON body: Content-Type must be application/json";
        }
        String origin = request.getHeader("Origin");
        if (origin == null) {
            return null;
        }
        String authority = authority(origin);
        String host = request.getHeader("Host");
        boolean own = authority != null && host != null
                && authority.equalsIgnoreCase(withoutDefaultPort(host.trim(), origin));
        return own ? null : "a decision must come from this server's own pages, not " + LogText.escape(origin);
    }

    /**
     * The host[:port] of an Origin ({@code scheme://host[:port]}), without its scheme's default port, or
     * {@code null} for an opaque ({@code null}) or malformed one. Compared with the {@code Host} header, not
     * with the container's scheme and port: behind a TLS-terminating proxy the page is {@code https://host}
     * while the container speaks plain http on its own port, and the Host the browser sent is what the proxy
     * passes on (keep it so: Apache's {@code ProxyPreserveHost On}, nginx's {@code proxy_set_header Host $host}).
     */
    private static String authority(String origin) {
        int colon = origin.indexOf("://");
        if (colon <= 0 || origin.indexOf('/', colon + 3) >= 0) {
            return null;
        }
        String authority = origin.substring(colon + 3);
        return authority.isEmpty() ? null : withoutDefaultPort(authority, origin);
    }

    private static String withoutDefaultPort(String authority, String origin) {
        String lower = origin.toLowerCase(Locale.ROOT);
        String port = lower.startsWith("https://") ? ":443" : lower.startsWith("http://") ? ":80" : null;
        return port != null && authority.endsWith(port) ? authority.substring(0, authority.length() - port.length())
                : authority;
    }

    private static JsonObject body(HttpServletRequest request) throws IOException {
        return jsonObject(request, MAX_BODY, "must be a JSON object {\"decision\":\"approve\"|\"deny\","
                + "\"reason\":\"...\"}");
    }

    private static boolean verdict(JsonObject body) {
        JsonValue decision = body.get("decision");
        if (decision instanceof JsonString s && (s.getString().equals("approve") || s.getString().equals("deny"))) {
            return s.getString().equals("approve");
        }
        throw new BadParameterException("decision", "must be \"approve\" or \"deny\"");
    }

    private static String reason(JsonObject body) {
        JsonValue reason = body.get("reason");
        if (reason == null || reason == JsonValue.NULL) {
            return null;
        }
        if (!(reason instanceof JsonString s) || s.getString().length() > MAX_REASON) {
            throw new BadParameterException("reason", "must be a string of at most " + MAX_REASON + " characters");
        }
        return s.getString().isBlank() ? null : s.getString();
    }

    private static Pending pending(PendingApproval p, UnaryOperator<String> ids) {
        var b = p.binding();
        return new Pending(p.id(), b.rule(), b.rulesVersion(), b.method(), b.target(), caller(b.caller(), ids),
                p.sessionId() == null ? null : ids.apply(p.sessionId()), p.client(), p.arguments(),
                p.argumentsTruncated(), p.argumentsLength(), b.argumentsDigest(), p.heldAt(), p.deadline(), p.waiters());
    }

    private static Decision decision(ApprovalDecided d, UnaryOperator<String> ids) {
        return new Decision(d.holdId(), d.decision().wireName(), d.decidedBy(), d.reason(), d.timestamp(), d.heldAt(),
                d.rule(), d.rulesVersion(), d.method(), d.target(), caller(d.caller(), ids),
                d.sessionId() == null ? null : ids.apply(d.sessionId()), d.argumentsDigest(), d.waiters());
    }

    private static Decision decision(McpAnalytics.ApprovalRow r, UnaryOperator<String> ids) {
        return new Decision(r.id(), r.decision(), r.decidedBy(), r.reason(), r.decidedAt(), r.heldAt(), r.rule(),
                r.rulesVersion(), r.mcpMethod(), r.target(), caller(r.caller(), ids),
                r.sessionId() == null ? null : ids.apply(r.sessionId()), r.argumentsSha256(), r.waiters());
    }

    /** A caller named by its session shows the session id as the other answers do. */
    private static String caller(String caller, UnaryOperator<String> ids) {
        return caller != null && caller.startsWith("session:") ? "session:" + ids.apply(caller.substring(8)) : caller;
    }

    private McpGateEndpoint endpoint(String name) {
        return Endpoints.named(getServletContext(), name);
    }

    private static InMemoryApprovals approvals(McpGateEndpoint endpoint) {
        InMemoryApprovals approvals = endpoint.approvals();
        if (approvals == null) {
            throw new ApiFailure.NotStartedException("endpoint " + endpoint.name() + " holds no calls for approval");
        }
        return approvals;
    }

}
