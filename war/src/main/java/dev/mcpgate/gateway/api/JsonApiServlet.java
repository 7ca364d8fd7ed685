package dev.mcpgate.gateway.api;

import dev.mcpgate.redact.LogText;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;

/**
 * What the admin API's servlets share: one JSON-B instance for their lifetime, answers as JSON with
 * their exact length, a failure as the API's error body ({@link ApiFailure}), and a JSON object read
 * from a request body of bounded size.
 */
abstract class JsonApiServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = System.getLogger(JsonApiServlet.class.getName());

    private transient Jsonb jsonb;

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

    /** {@code body} as JSON with {@code status}. */
    final void send(HttpServletResponse response, int status, Object body) throws IOException {
        byte[] json = jsonb.toJson(body).getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setContentLength(json.length);
        response.getOutputStream().write(json);
    }

    /**
     * Answers a failed call with its status and error body; a failure of McpGate's own (not the caller's)
     * is logged as {@code "McpGate <api> API: <call> answered <status> <error>"}.
     */
    final void fail(String api, String call, HttpServletResponse response, RuntimeException e) throws IOException {
        ApiFailure failure = ApiFailure.of(e);
        if (failure.log()) { // under the servlet's own logger name, as before
            System.getLogger(getClass().getName()).log(Level.WARNING, "McpGate " + api + " API: " + LogText.escape(call) + " answered "
                    + failure.status() + " " + failure.error(), e);
        }
        send(response, failure.status(), new AnalyticsApiServlet.ApiError(failure.error(), failure.parameter(),
                failure.message()));
    }

    /**
     * The request body as a JSON object.
     *
     * @param maxBytes        a longer body is refused unread past this many bytes
     * @param notAnObject     the message when the body is no JSON object
     * @throws BadParameterException naming {@code body}
     */
    static JsonObject jsonObject(HttpServletRequest request, int maxBytes, String notAnObject) throws IOException {
        try (InputStream in = request.getInputStream()) {
            byte[] bytes = in.readNBytes(maxBytes + 1);
            if (bytes.length > maxBytes) {
                throw new BadParameterException("body", "longer than " + maxBytes + " bytes");
            }
            try (var reader = Json.createReader(new StringReader(new String(bytes, StandardCharsets.UTF_8)))) {
                return reader.readObject();
            }
        } catch (JsonException | IllegalStateException e) {
            throw new BadParameterException("body", notAnObject);
        }
    }
}
