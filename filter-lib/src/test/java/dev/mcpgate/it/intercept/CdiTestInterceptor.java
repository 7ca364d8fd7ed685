package dev.mcpgate.it.intercept;

import dev.mcpgate.intercept.InterceptedRequest;
import dev.mcpgate.intercept.McpInterceptor;
import dev.mcpgate.intercept.RequestVerdict;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

/**
 * The test deployment's interceptor found as a CDI bean (the WAR's beans.xml discovers annotated beans),
 * first in the chain by its {@code @Priority}: it mocks a call whose text is {@value #CDI_MOCK}, and for
 * {@value TestInterceptor#DENY} answers first, so the service-loaded {@link TestInterceptor} never blocks it.
 */
@ApplicationScoped
@Priority(1)
public class CdiTestInterceptor implements McpInterceptor {

    public static final String CDI_MOCK = "cdi-mock";
    public static final String ORDER_PROBE = "deny-unless-first";
    public static final String MOCKED = "mocked by the CDI interceptor";

    @Override
    public RequestVerdict onRequest(InterceptedRequest request) {
        JsonValue arguments = request.params().get("arguments");
        String text = arguments instanceof JsonObject object ? object.getString("text", "") : "";
        if (CDI_MOCK.equals(text) || ORDER_PROBE.equals(text)) {
            return RequestVerdict.mock("cdi-mock", Json.createObjectBuilder()
                    .add("content", Json.createArrayBuilder().add(Json.createObjectBuilder()
                            .add("type", "text").add("text", MOCKED)))
                    .add("isError", false).build());
        }
        return RequestVerdict.proceed();
    }
}
