package dev.mcpgate.it.intercept;

import dev.mcpgate.intercept.InterceptedRequest;
import dev.mcpgate.intercept.McpInterceptor;
import dev.mcpgate.intercept.RequestVerdict;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.Map;

/**
 * The test deployment's interceptor, registered through {@code META-INF/services} (no CDI): it acts on
 * the {@code text} argument of a {@code tools/call}: {@value #DENY} is blocked (403, -32001, a header),
 * {@value #MOCK} is answered with the text {@value #MOCKED}, {@value #SHOUT} reaches the server as
 * {@value #SHOUTED}. The notification {@value #DENIED_NOTIFICATION} is blocked too. Everything else
 * proceeds.
 */
public class TestInterceptor implements McpInterceptor {

    public static final String DENY = "deny";
    public static final String MOCK = "mock";
    public static final String MOCKED = "mocked by the test interceptor";
    public static final String SHOUT = "shout";
    public static final String SHOUTED = "SHOUT";
    public static final String DENIED_NOTIFICATION = "notifications/test-denied";
    public static final int DENIED_CODE = -32001;
    public static final String DENIED_MESSAGE = "denied by the test interceptor";
    public static final String DENIED_HEADER = "X-Test-Denied";

    @Override
    public RequestVerdict onRequest(InterceptedRequest request) {
        if (DENIED_NOTIFICATION.equals(request.method())) {
            return deny("deny-notification");
        }
        if (!"tools/call".equals(request.method())) {
            return RequestVerdict.proceed();
        }
        JsonValue arguments = request.params().get("arguments");
        String text = arguments instanceof JsonObject object ? object.getString("text", "") : "";
        return switch (text) {
            case DENY, CdiTestInterceptor.ORDER_PROBE -> deny("deny-text");
            case MOCK -> RequestVerdict.mock("mock-text", Json.createObjectBuilder()
                    .add("content", Json.createArrayBuilder().add(Json.createObjectBuilder()
                            .add("type", "text").add("text", MOCKED)))
                    .add("isError", false).build());
            case SHOUT -> RequestVerdict.modify("shout-text", Json.createObjectBuilder(request.params())
                    .add("arguments", Json.createObjectBuilder((JsonObject) arguments).add("text", SHOUTED)).build());
            default -> RequestVerdict.proceed();
        };
    }

    private static RequestVerdict deny(String rule) {
        return RequestVerdict.block(rule, 403, RequestVerdict.error(DENIED_CODE, DENIED_MESSAGE, null),
                Map.of(DENIED_HEADER, "yes"));
    }
}
