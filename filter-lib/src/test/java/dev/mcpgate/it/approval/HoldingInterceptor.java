package dev.mcpgate.it.approval;

import dev.mcpgate.intercept.InterceptedRequest;
import dev.mcpgate.intercept.McpInterceptor;
import dev.mcpgate.intercept.RequestVerdict;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Duration;

/**
 * The approval IT's interceptor (META-INF/services): a {@code tools/call} whose {@code text} starts with
 * {@value #HOLD} is held for approval by the filter's approvals (rule {@value #RULE}); one that starts with
 * {@value #HOLD_BRIEFLY} is held for one second only. Everything else proceeds. It stands in for the rules
 * file's {@code hold} action.
 */
public class HoldingInterceptor implements McpInterceptor {

    public static final String HOLD = "hold-";
    public static final String HOLD_BRIEFLY = "brief-";
    public static final String RULE = "hold-text";
    public static final String RULES_VERSION = "it-rules-1";

    @Override
    public RequestVerdict onRequest(InterceptedRequest request) {
        if (!"tools/call".equals(request.method())) {
            return RequestVerdict.proceed();
        }
        JsonValue arguments = request.params().get("arguments");
        String text = arguments instanceof JsonObject object ? object.getString("text", "") : "";
        if (text.startsWith(HOLD)) {
            return ApprovalDesk.approvals().hold(request, RULE, RULES_VERSION, Duration.ofSeconds(60));
        }
        if (text.startsWith(HOLD_BRIEFLY)) {
            return ApprovalDesk.approvals().hold(request, RULE, RULES_VERSION, Duration.ofSeconds(1));
        }
        return RequestVerdict.proceed();
    }
}
