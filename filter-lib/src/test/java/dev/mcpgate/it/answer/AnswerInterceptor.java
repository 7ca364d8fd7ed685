package dev.mcpgate.it.answer;

import dev.mcpgate.intercept.InterceptedRequest;
import dev.mcpgate.intercept.InterceptedResponse;
import dev.mcpgate.intercept.McpInterceptor;
import dev.mcpgate.intercept.ResponseVerdict;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

/**
 * The answer IT's interceptor, registered through {@code META-INF/services}: it wants the answers of
 * {@code tools/call} and {@code tools/list}. A call result's first text gets {@value #PREFIX} in front
 * (rule {@value #CALL_RULE}); a call whose {@code text} argument is {@value #WITHHOLD} gets an error
 * instead (rule {@value #ERROR_RULE}); {@code tools/list} loses the tool {@value #HIDDEN_TOOL} (rule
 * {@value #LIST_RULE}).
 */
public class AnswerInterceptor implements McpInterceptor {

    public static final String PREFIX = "rewritten \u2713 ";
    public static final String WITHHOLD = "withhold";
    public static final int WITHHELD_CODE = -32003;
    public static final String HIDDEN_TOOL = "boom";
    public static final String CALL_RULE = "prefix-text";
    public static final String ERROR_RULE = "withhold-text";
    public static final String LIST_RULE = "hide-boom";

    @Override
    public boolean wantsResponse(InterceptedRequest request) {
        return "tools/call".equals(request.method()) || "tools/list".equals(request.method());
    }

    @Override
    public ResponseVerdict onResponse(InterceptedRequest request, InterceptedResponse response) {
        JsonObject result = response.result();
        if (result == null) {
            return ResponseVerdict.proceed();
        }
        if ("tools/list".equals(request.method())) {
            JsonArrayBuilder tools = Json.createArrayBuilder();
            result.getJsonArray("tools").getValuesAs(JsonObject.class).stream()
                    .filter(tool -> !HIDDEN_TOOL.equals(tool.getString("name"))).forEach(tools::add);
            return ResponseVerdict.modify(LIST_RULE, Json.createObjectBuilder(result).add("tools", tools).build());
        }
        JsonValue arguments = request.params().get("arguments");
        if (arguments instanceof JsonObject a && WITHHOLD.equals(a.getString("text", ""))) {
            return ResponseVerdict.replaceWithError(ERROR_RULE, Json.createObjectBuilder()
                    .add("code", WITHHELD_CODE).add("message", "withheld by the gateway").build());
        }
        JsonObject first = result.getJsonArray("content").getJsonObject(0);
        JsonObject text = Json.createObjectBuilder(first).add("text", PREFIX + first.getString("text")).build();
        return ResponseVerdict.modify(CALL_RULE, Json.createObjectBuilder(result)
                .add("content", Json.createArrayBuilder(result.getJsonArray("content")).set(0, text)).build());
    }
}
