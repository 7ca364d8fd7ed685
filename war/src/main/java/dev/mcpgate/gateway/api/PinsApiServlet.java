package dev.mcpgate.gateway.api;

import dev.mcpgate.McpGateEndpoint;
import dev.mcpgate.pin.CataloguePins;
import dev.mcpgate.schema.McpCatalogue;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
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
public class PinsApiServlet extends HttpServlet {

    public static final String PATH = AnalyticsApiServlet.PATH + "/pins";
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = System.getLogger(PinsApiServlet.class.getName());
    /** An approval's body is a few dozen bytes; more is refused unread. */
    private static final int MAX_BODY = 4096;

    private transient Jsonb jsonb;

    /** A POST while {@code catalogue-pinning=off}: a 409. */
    private static final class PinningOffException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        PinningOffException(String message) {
            super(message);
        }
    }

    @Override
    public void init() {
        jsonb = JsonbBuilder.create(new JsonbConfig().withNullValues(true));
    }

    @Override
    public void destroy() {
        try {
            jsonb.close();
        } catch (Exception e) {
            LOG.log(Level.DEBUG, "closing JSON-B failed", e);
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
            ApiFailure failure = ApiFailure.of(e);
            if (failure.log()) {
                LOG.log(Level.WARNING, "McpGate pins API answered " + failure.status() + " " + failure.error(), e);
            }
            send(response, failure.status(), new AnalyticsApiServlet.ApiError(failure.error(), failure.parameter(),
                    failure.message()));
        }
    }

    private static JsonObject body(HttpServletRequest request) throws IOException {
        String type = request.getContentType();
        if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            // a cross-site form cannot send application/json without a CORS preflight, which is never granted
            throw new BadParameterException("Content-Type", "must be application/json, was " + type);
        }
        try (InputStream in = request.getInputStream()) {
            byte[] bytes = in.readNBytes(MAX_BODY + 1);
            if (bytes.length > MAX_BODY) {
                throw new BadParameterException("body", "longer than " + MAX_BODY + " bytes");
            }
            try (var reader = Json.createReader(new StringReader(new String(bytes, StandardCharsets.UTF_8)))) {
                return reader.readObject();
            } catch (JsonException | IllegalStateException e) {
                throw new BadParameterException("body", "must be a JSON object such as "
                        + "{\"list\":\"tools/list\",\"version\":3}");
            }
        }
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

    private void send(HttpServletResponse response, int status, Object body) throws IOException {
        byte[] json = jsonb.toJson(body).getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setContentLength(json.length);
        response.getOutputStream().write(json);
    }
}
