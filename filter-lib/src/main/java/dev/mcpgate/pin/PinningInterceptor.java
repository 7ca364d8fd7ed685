package dev.mcpgate.pin;

import dev.mcpgate.intercept.InterceptedRequest;
import dev.mcpgate.intercept.InterceptedResponse;
import dev.mcpgate.intercept.McpInterceptor;
import dev.mcpgate.intercept.RequestVerdict;
import dev.mcpgate.intercept.ResponseVerdict;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.Map;

/**
 * The built-in interceptor of {@code catalogue-pinning=enforce}: hides from every {@code tools/list}
 * answer the tools whose definition differs from the approved catalogue version (and new tools, with
 * {@code pinning-new-items=hide}), and refuses their calls with a JSON-RPC error that names the tool and
 * why. Without an approved version everything passes. It fails closed: a security control that throws
 * refuses the request rather than letting it by.
 *
 * <p>A refused call is answered HTTP 200 with JSON-RPC error {@value #UNKNOWN_TOOL} (invalid params), the
 * error the MCP specification gives for an unknown tool, which a hidden tool is to the client; its
 * {@code data} says {@code tool}, {@code drift} ({@code changed}, {@code new} or {@code unverified}) and the
 * {@code approvedVersion}.
 */
public final class PinningInterceptor implements McpInterceptor {

    /** The rule name rows carry for pinning's verdicts. */
    public static final String RULE = "catalogue-pinning";
    /** JSON-RPC invalid params: the MCP specification's error for an unknown tool. */
    static final int UNKNOWN_TOOL = -32602;

    private final CataloguePins pins;

    public PinningInterceptor(CataloguePins pins) {
        this.pins = pins;
    }

    @Override
    public String name() {
        return RULE;
    }

    @Override
    public boolean failClosed() {
        return true;
    }

    @Override
    public RequestVerdict onRequest(InterceptedRequest request) {
        if (!"tools/call".equals(request.method())) {
            return RequestVerdict.proceed();
        }
        String tool = request.target();
        Drift drift = pins.called(tool);
        if (!pins.holdsBack(drift)) {
            return RequestVerdict.proceed();
        }
        return RequestVerdict.block(RULE, 200, RequestVerdict.error(UNKNOWN_TOOL, message(tool, drift),
                data(tool, drift)), Map.of());
    }

    @Override
    public boolean wantsResponse(InterceptedRequest request) {
        return "tools/list".equals(request.method()) && (!pins.loaded() || pins.pin(CataloguePins.TOOLS).isPresent());
    }

    @Override
    public ResponseVerdict onResponse(InterceptedRequest request, InterceptedResponse response) {
        JsonObject result = response.result();
        if (result == null || !(result.get("tools") instanceof JsonArray tools)) {
            return ResponseVerdict.proceed();
        }
        JsonArrayBuilder kept = Json.createArrayBuilder();
        boolean hidden = false;
        for (JsonValue tool : tools) {
            if (tool instanceof JsonObject definition && pins.holdsBack(pins.listed(definition))) {
                hidden = true;
            } else {
                kept.add(tool);
            }
        }
        return hidden ? ResponseVerdict.modify(RULE, Json.createObjectBuilder(result).add("tools", kept).build())
                : ResponseVerdict.proceed();
    }

    private String message(String tool, Drift drift) {
        String approved = pins.pin(CataloguePins.TOOLS).map(p -> "version " + p.version()).orElse("none");
        return switch (drift) {
            case CHANGED -> "Tool '" + tool + "' is blocked: its definition changed since the operator approved the "
                    + "tool catalogue (" + approved + "); an operator must approve the new version first";
            case NEW -> "Tool '" + tool + "' is blocked: it is not in the tool catalogue the operator approved ("
                    + approved + "); an operator must approve a version with it first";
            default -> "Tool '" + tool + "' is blocked: the approved tool catalogue is not read yet; try again shortly";
        };
    }

    private JsonObject data(String tool, Drift drift) {
        var data = Json.createObjectBuilder().add("drift", drift.name().toLowerCase(java.util.Locale.ROOT));
        if (tool != null) {
            data.add("tool", tool);
        }
        pins.pin(CataloguePins.TOOLS).ifPresent(p -> data.add("approvedVersion", p.version()));
        return data.build();
    }
}
