package dev.mcpgate.it.conformance;

import io.modelcontextprotocol.server.McpServerFeatures.SyncPromptSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.ClientCapabilities;
import io.modelcontextprotocol.spec.McpSchema.CreateMessageRequest;
import io.modelcontextprotocol.spec.McpSchema.CreateMessageResult;
import io.modelcontextprotocol.spec.McpSchema.ElicitFormRequest;
import io.modelcontextprotocol.spec.McpSchema.ElicitResult;
import io.modelcontextprotocol.spec.McpSchema.GetPromptResult;
import io.modelcontextprotocol.spec.McpSchema.ListRootsResult;
import io.modelcontextprotocol.spec.McpSchema.LoggingLevel;
import io.modelcontextprotocol.spec.McpSchema.LoggingMessageNotification;
import io.modelcontextprotocol.spec.McpSchema.ProgressNotification;
import io.modelcontextprotocol.spec.McpSchema.Prompt;
import io.modelcontextprotocol.spec.McpSchema.PromptMessage;
import io.modelcontextprotocol.spec.McpSchema.Role;
import io.modelcontextprotocol.spec.McpSchema.SamplingMessage;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * The fixtures that the conformance suite's 2026-07-28 requirement set (0.2.0-alpha.12) asks of a server
 * beyond {@link LegacyFixtures}, written as an MCP Java SDK 2.1.0 server would write them: where a 2026-07-28
 * server answers with an input-required result (multi-round trip), this one sends the legacy server-to-client
 * request ({@code elicitation/create}, {@code sampling/createMessage}, {@code roots/list}) on the call's stream
 * and waits for the answer, and a list change is the legacy {@code notifications/tools/list_changed} on the
 * session's GET stream. Turning these into what a 2026-07-28 client expects is the era bridge's job, and what
 * the bridged conformance run proves. Texts and names follow the suite's scenario descriptions (and the
 * SDK 2.2.0 fixtures of {@code src/conformance}).
 */
public final class BridgeFixtures {

    private static final Map<String, Object> NO_ARGUMENTS = Map.of("type", "object", "properties", Map.of());
    /** SEP-2021's code for a capability the client did not declare (a legacy server has no code of its own). */
    static final int MISSING_REQUIRED_CLIENT_CAPABILITY = -32021;

    private final AtomicReference<McpSyncServer> server = new AtomicReference<>();

    /** Fixtures whose list-change tools notify {@link #attach attached} server's sessions. */
    public BridgeFixtures() {
    }

    /** The server the {@code test_trigger_*} tools announce their changes on (built after the tools). */
    public void attach(McpSyncServer built) {
        server.set(built);
    }

    public List<SyncToolSpecification> tools() {
        List<SyncToolSpecification> tools = new ArrayList<>();
        tools.add(tool("test_input_required_result_elicitation", (x, r) ->
                result("Hello, " + text(elicit(x, "What is your name?", "name", "string"), "name") + "!")));
        tools.add(tool("test_input_required_result_sampling", (x, r) ->
                result("Sampling result: " + sampled(sample(x, "What is the capital of France?", 100)))));
        tools.add(tool("test_input_required_result_list_roots", (x, r) -> {
            ListRootsResult roots = x.listRoots();
            return result("Found " + roots.roots().size() + " root(s): " + roots.roots());
        }));
        tools.add(tool("test_input_required_result_request_state", (x, r) ->
                accepted(elicit(x, "Please confirm", "ok", "boolean"))
                        ? result("state-ok: requestState validated") : result("not confirmed")));
        tools.add(tool("test_input_required_result_multiple_inputs", BridgeFixtures::multipleInputs));
        tools.add(tool("test_input_required_result_multi_round", (x, r) -> {
            String name = text(elicit(x, "Step 1: What is your name?", "name", "string"), "name");
            String color = text(elicit(x, "Step 2: What is your favorite color?", "color", "string"), "color");
            return result("Multi-round complete for " + name + " who likes " + color);
        }));
        tools.add(tool("test_input_required_result_tampered_state", (x, r) ->
                accepted(elicit(x, "Please confirm", "ok", "boolean"))
                        ? result("integrity-ok: state verified") : result("not confirmed")));
        tools.add(tool("test_input_required_result_capabilities", BridgeFixtures::byCapabilities));
        tools.add(tool("test_missing_capability", (x, r) -> {
            if (x.getClientCapabilities() == null || x.getClientCapabilities().sampling() == null) {
                // SDK 2.1.0 (PEERS.md): a tool that throws within a few ms can have its answer cut (the connection
                // closes, the bridge then sees no bytes); a little work first, as the other throwing fixtures do
                LegacyFixtures.pause(50);
                throw McpError.builder(MISSING_REQUIRED_CLIENT_CAPABILITY)
                        .message("This tool needs the client's sampling capability")
                        .data(Map.of("requiredCapabilities", Map.of("sampling", Map.of())))
                        .build();
            }
            return result("Success");
        }));
        tools.add(tool("test_streaming_elicitation", (x, r) -> {
            progress(x, r, 50);
            return result("Streaming complete");
        }));
        // a legacy server logs as it likes; a 2026-07-28 client that asked for no log level must see none
        tools.add(tool("test_logging_tool", (x, r) -> {
            x.loggingNotification(LoggingMessageNotification.builder()
                    .level(LoggingLevel.INFO).logger("conformance").data("Logging evaluated").build());
            return result("Logging evaluated");
        }));
        tools.add(tool("test_trigger_tool_change", (x, r) -> {
            server.get().notifyToolsListChanged();
            return result("Mutation triggered");
        }));
        tools.add(tool("test_trigger_prompt_change", (x, r) -> {
            server.get().notifyPromptsListChanged();
            return result("Mutation triggered");
        }));
        return tools;
    }

    /** {@code test_input_required_result_prompt}: a prompt that asks the client for context first. */
    public List<SyncPromptSpecification> prompts() {
        return List.of(new SyncPromptSpecification(
                new Prompt("test_input_required_result_prompt", "Asks for context first", List.of()),
                (x, r) -> new GetPromptResult(null, List.of(new PromptMessage(Role.USER, new TextContent(
                        "Prompt with context: " + text(elicit(x, "What context should the prompt use?", "context",
                                "string"), "context")))))));
    }

    // ------------------------------------------------------------------------------- multi-input tools

    /** The three questions at once, as a legacy server can: three server-to-client requests in flight together. */
    private static CallToolResult multipleInputs(McpSyncServerExchange x, CallToolRequest r) {
        CompletableFuture<ElicitResult> name = async(() -> elicit(x, "What is your name?", "name", "string"));
        CompletableFuture<CreateMessageResult> greeting = async(() -> sample(x, "Generate a greeting", 50));
        CompletableFuture<ListRootsResult> roots = async(x::listRoots);
        return result("Name: " + text(name.join(), "name") + "; Greeting: " + sampled(greeting.join()) + "; Roots: "
                + roots.join().roots().size());
    }

    /** Asks only for what the client declared: elicitation and/or sampling, together. */
    private static CallToolResult byCapabilities(McpSyncServerExchange x, CallToolRequest r) {
        ClientCapabilities caps = x.getClientCapabilities();
        boolean elicitation = caps != null && caps.elicitation() != null;
        boolean sampling = caps != null && caps.sampling() != null;
        if (!elicitation && !sampling) {
            return result("No supported capabilities declared");
        }
        CompletableFuture<ElicitResult> elicited = elicitation
                ? async(() -> elicit(x, "Elicitation input", "value", "string"))
                : CompletableFuture.completedFuture(null);
        CompletableFuture<CreateMessageResult> sampled = sampling
                ? async(() -> sample(x, "Sample request", 50))
                : CompletableFuture.completedFuture(null);
        List<String> received = new ArrayList<>();
        if (elicited.join() != null) {
            received.add("elicit_input");
        }
        if (sampled.join() != null) {
            received.add("sample_input");
        }
        return result("capabilities-ok: received " + String.join(",", received));
    }

    // -------------------------------------------------------------------------------------- plumbing

    private static ElicitResult elicit(McpSyncServerExchange x, String message, String field, String type) {
        Map<String, Object> schema = Map.of("type", "object",
                "properties", Map.of(field, Map.of("type", type)),
                "required", List.of(field));
        return x.createElicitation(ElicitFormRequest.builder(message, schema).build());
    }

    private static CreateMessageResult sample(McpSyncServerExchange x, String prompt, int maxTokens) {
        return x.createMessage(CreateMessageRequest.builder(
                List.of(new SamplingMessage(Role.USER, new TextContent(prompt))), maxTokens).build());
    }

    private static void progress(McpSyncServerExchange x, CallToolRequest r, double value) {
        if (r.progressToken() != null) {
            x.progressNotification(ProgressNotification.builder(r.progressToken(), value).total(100.0).build());
        }
    }

    private static <T> CompletableFuture<T> async(Supplier<T> ask) {
        return CompletableFuture.supplyAsync(ask);
    }

    private static boolean accepted(ElicitResult answer) {
        return answer != null && answer.action() == ElicitResult.Action.ACCEPT;
    }

    private static String text(ElicitResult answer, String field) {
        Object value = accepted(answer) && answer.content() != null ? answer.content().get(field) : null;
        return String.valueOf(value);
    }

    private static String sampled(CreateMessageResult answer) {
        return answer != null && answer.content() instanceof TextContent t ? t.text() : String.valueOf(answer);
    }

    private static SyncToolSpecification tool(String name,
            BiFunction<McpSyncServerExchange, CallToolRequest, CallToolResult> handler) {
        return SyncToolSpecification.builder()
                .tool(Tool.builder(name, NO_ARGUMENTS).description("Conformance fixture " + name).build())
                .callHandler(handler)
                .build();
    }

    private static CallToolResult result(String text) {
        return CallToolResult.builder().addContent(new TextContent(text)).build();
    }
}
