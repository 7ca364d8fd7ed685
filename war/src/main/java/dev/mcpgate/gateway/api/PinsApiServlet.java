package dev.mcpgate.gateway.api;

import dev.mcpgate.McpGateEndpoint;
import dev.mcpgate.pin.CataloguePins;
import dev.mcpgate.schema.McpCatalogue;
import jakarta.json.JsonObject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.Principal;
import java.time.Instant;
import java.util.Set;

/**
 * {@code /mcpgate/api/pins}: catalogue pinning, for the role {@code mcpgate-admin} like the rest of the API.
 * <ul>
 *   <li>{@code GET /mcpgate/api/pins?endpoint&limit} — where pinning of {@code tools/list} stands: the approved
 *       version (who, when), the current one, and the per-item diff an approval of the current one would
 *       approve (description-only changes flagged) ({@link PinsApi.Status});</li>
 *   <li>{@code POST /mcpgate/api/pins?endpoint} with {@code {"list":"tools/list","version":3}} — approves that
 *       recorded version, in force at once and stored with the authenticated admin's name; answers the new
 *       status.</li>
 * </ul>
 * A bad parameter or body (or a POST that is not {@code application/json}, which a cross-site form could
 * send) is a {@code 400 bad_parameter} naming it, a POST while
 * {@code catalogue-pinning=off} a {@code 409 pinning_off}, an endpoint without catalogue history or whose
 * store cannot be reached a {@code 503}, as in {@link AnalyticsApiServlet}.
 */
@WebServlet(name = "mcpgate-pins-api", urlPatterns = PinsApiServlet.PATH)
public class PinsApiServlet extends JsonApiServlet {

    public static final String PATH = AnalyticsApiServlet.PATH + "/pins";
    private static final long serialVersionUID = 1L;
    /** An approval's body is a few dozen bytes; more is refused unread. */
    private static final int MAX_BODY = 4096;

    /** A POST while {@code catalogue-pinning=off}: a 409. */
    private static final class PinningOffException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        PinningOffException(String message) {
            super(message);
        }
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        answer(response, () -> {
            ApiQuery query = new ApiQuery(request.getParameterMap(), Set.of("endpoint", "limit"), Instant.now());
            int limit = query.limit();
            McpGateEndpoint endpoint = endpoint(query);
            return PinsApi.status(endpoint.name(), catalogue(endpoint), endpoint.pins().orElse(null), limit);
        });
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        answer(response, () -> {
            ApiQuery query = new ApiQuery(request.getParameterMap(), Set.of("endpoint"), Instant.now());
            JsonObject body = body(request);
            McpGateEndpoint endpoint = endpoint(query);
            McpCatalogue catalogue = catalogue(endpoint);
            CataloguePins pins = endpoint.pins().orElseThrow(() -> new PinningOffException("endpoint "
                    + endpoint.name() + " has catalogue-pinning=off: nothing to approve"));
            PinsApi.approve(pins, body, decidedBy(request));
            return PinsApi.status(endpoint.name(), catalogue, pins, ApiQuery.DEFAULT_LIMIT);
        });
    }

    @FunctionalInterface
    private interface Call {
        Object run() throws IOException;
    }

    private void answer(HttpServletResponse response, Call call) throws IOException {
        response.setHeader("Cache-Control", "no-store");
        try {
            send(response, 200, call.run());
        } catch (PinningOffException e) {
            send(response, 409, new AnalyticsApiServlet.ApiError("pinning_off", null, e.getMessage()));
        } catch (RuntimeException e) {
            fail("pins", PATH, response, e);
        }
    }

    private static JsonObject body(HttpServletRequest request) throws IOException {
        String type = request.getContentType();
        if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            // a cross-site form cannot send application/json without a CORS preflight, which is never granted
            throw new BadParameterException("Content-Type", "must be application/json, was " + type);
        }
        return jsonObject(request, MAX_BODY, "must be a JSON object such as {\"list\":\"tools/list\",\"version\":3}");
    }

    private static String decidedBy(HttpServletRequest request) {
        Principal principal = request.getUserPrincipal();
        return principal != null ? principal.getName() : request.getRemoteUser();
    }

    private static McpCatalogue catalogue(McpGateEndpoint endpoint) {
        return endpoint.catalogue().orElseThrow(() -> new AnalyticsApiServlet.StoreUnavailableException("endpoint "
                + endpoint.name() + " keeps no catalogue history (schema-history=false)"));
    }

    /** The endpoint named by {@code endpoint}, or the only one. */
    private McpGateEndpoint endpoint(ApiQuery query) {
        return Endpoints.named(getServletContext(), query.text("endpoint"));
    }
}
