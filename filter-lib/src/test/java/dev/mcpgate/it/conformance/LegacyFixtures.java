package dev.mcpgate.it.conformance;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.server.McpServerFeatures.SyncCompletionSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncPromptSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncResourceSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncResourceTemplateSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema.AudioContent;
import io.modelcontextprotocol.spec.McpSchema.BlobResourceContents;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.CompleteResult;
import io.modelcontextprotocol.spec.McpSchema.Content;
import io.modelcontextprotocol.spec.McpSchema.CreateMessageRequest;
import io.modelcontextprotocol.spec.McpSchema.CreateMessageResult;
import io.modelcontextprotocol.spec.McpSchema.ElicitFormRequest;
import io.modelcontextprotocol.spec.McpSchema.ElicitResult;
import io.modelcontextprotocol.spec.McpSchema.EmbeddedResource;
import io.modelcontextprotocol.spec.McpSchema.GetPromptResult;
import io.modelcontextprotocol.spec.McpSchema.ImageContent;
import io.modelcontextprotocol.spec.McpSchema.LoggingLevel;
import io.modelcontextprotocol.spec.McpSchema.LoggingMessageNotification;
import io.modelcontextprotocol.spec.McpSchema.ProgressNotification;
import io.modelcontextprotocol.spec.McpSchema.Prompt;
import io.modelcontextprotocol.spec.McpSchema.PromptArgument;
import io.modelcontextprotocol.spec.McpSchema.PromptMessage;
import io.modelcontextprotocol.spec.McpSchema.PromptReference;
import io.modelcontextprotocol.spec.McpSchema.ReadResourceResult;
import io.modelcontextprotocol.spec.McpSchema.Resource;
import io.modelcontextprotocol.spec.McpSchema.ResourceContents;
import io.modelcontextprotocol.spec.McpSchema.ResourceTemplate;
import io.modelcontextprotocol.spec.McpSchema.Role;
import io.modelcontextprotocol.spec.McpSchema.SamplingMessage;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import io.modelcontextprotocol.spec.McpSchema.TextResourceContents;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The conformance suite's fixture tools, resources and prompts (0.1.16, revisions 2025-06-18 and
 * 2025-11-25) for an MCP Java SDK 2.1.0 server, as the suite's scenario descriptions ask for them.
 * What the SDK cannot do is left out, and the scenario then fails bare as well: resource
 * subscriptions (no handler in the SDK). Public for the bridged fixture servers of
 * {@code dev.mcpgate.it.conformance.bridged}, which add {@link BridgeFixtures}.
 *
 * <p>{@code test_reconnection} (for {@code server-sse-polling}) only takes its time: the suite wants
 * the server to close the POST stream before the result and deliver the result on a {@code GET} with
 * {@code Last-Event-ID}, which the SDK cannot do. Bare, the result simply arrives on the POST stream;
 * behind a filter with {@code resume=true} and an {@code sse-close-after} shorter than
 * {@value #RECONNECTION_PAUSE_MILLIS} ms, McpGate closes the stream and replays the result.
 */
public final class LegacyFixtures {

    static final String PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==";
    static final String WAV = "UklGRiQAAABXQVZFZm10IBAAAAABAAEAQB8AAAB9AAACABAAZGF0YQAAAAA=";
    /** How long {@code test_reconnection} takes before it answers. */
    static final long RECONNECTION_PAUSE_MILLIS = 1500;
    private static final Map<String, Object> NO_ARGUMENTS = Map.of("type", "object", "properties", Map.of());
    private static final Pattern TEMPLATE = Pattern.compile("test://template/([^/]+)/data");
    private static final String SCHEMA_2020_12 = """
            {"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object",
             "$defs":{"address":{"type":"object","properties":{"street":{"type":"string"},"city":{"type":"string"}}}},
             "properties":{"name":{"type":"string"},"address":{"$ref":"#/$defs/address"}},
             "additionalProperties":false}""";

    private LegacyFixtures() {
    }

    // ------------------------------------------------------------------------------------------ tools

    public static List<SyncToolSpecification> tools() {
        List<SyncToolSpecification> tools = new ArrayList<>();
        tools.add(tool("test_simple_text", (x, r) -> result(text("This is a simple text response for testing."))));
        tools.add(tool("test_image_content", (x, r) -> result(ImageContent.builder(PNG, "image/png").build())));
        tools.add(tool("test_audio_content", (x, r) -> result(AudioContent.builder(WAV, "audio/wav").build())));
        tools.add(tool("test_embedded_resource", (x, r) -> result(embedded("test://embedded-resource", "text/plain",
                "This is an embedded resource content."))));
        tools.add(tool("test_multiple_content_types", (x, r) -> CallToolResult.builder()
                .addContent(text("Multiple content types test:"))
                .addContent(ImageContent.builder(PNG, "image/png").build())
                .addContent(embedded("test://mixed-content-resource", "application/json",
                        "{\"test\":\"data\",\"value\":123}"))
                .build()));
        tools.add(tool("test_error_handling", (x, r) -> CallToolResult.builder()
                .addContent(text("This tool intentionally returns an error for testing")).isError(true).build()));
        tools.add(tool("test_tool_with_logging", LegacyFixtures::logging));
        tools.add(tool("test_tool_with_progress", LegacyFixtures::progress));
        tools.add(tool("test_reconnection", (x, r) -> {
            pause(RECONNECTION_PAUSE_MILLIS);
            return result(text("Reconnection test completed"));
        }));
        tools.add(tool("test_sampling", LegacyFixtures::sampling));
        tools.add(tool("test_elicitation", LegacyFixtures::elicitation));
        tools.add(tool("test_elicitation_sep1034_defaults", (x, r) -> elicit(x,
                "Please review and update the form fields with defaults", sep1034Schema())));
        tools.add(tool("test_elicitation_sep1330_enums", (x, r) -> elicit(x,
                "Please choose from the enum variants", sep1330Schema())));
        tools.add(SyncToolSpecification.builder()
                .tool(Tool.builder("json_schema_2020_12_tool", McpJsonDefaults.getMapper(), SCHEMA_2020_12)
                        .description("Tool with JSON Schema 2020-12 features").build())
                .callHandler((x, r) -> result(text("ok")))
                .build());
        return tools;
    }

    private static CallToolResult logging(McpSyncServerExchange exchange, CallToolRequest request) {
        for (String message : List.of("Tool execution started", "Tool processing data", "Tool execution completed")) {
            exchange.loggingNotification(LoggingMessageNotification.builder()
                    .level(LoggingLevel.INFO).logger("conformance").data(message).build());
            pause(50);
        }
        return result(text("Tool with logging executed successfully"));
    }

    private static CallToolResult progress(McpSyncServerExchange exchange, CallToolRequest request) {
        Object token = request.progressToken();
        for (int step = 0; step <= 100; step += 50) {
            if (token != null) {
                exchange.progressNotification(ProgressNotification.builder(token, step).total(100.0).build());
            }
            pause(50);
        }
        return result(text("Tool execution completed with progress"));
    }

    private static CallToolResult sampling(McpSyncServerExchange exchange, CallToolRequest request) {
        String prompt = String.valueOf(argument(request, "prompt", "Test prompt"));
        CreateMessageResult answer = exchange.createMessage(CreateMessageRequest.builder(
                List.of(new SamplingMessage(Role.USER, text(prompt))), 100).build());
        String said = answer.content() instanceof TextContent t ? t.text() : String.valueOf(answer.content());
        return result(text("LLM response: " + said));
    }

    private static CallToolResult elicitation(McpSyncServerExchange exchange, CallToolRequest request) {
        String message = String.valueOf(argument(request, "message", "Please provide your details"));
        Map<String, Object> schema = Map.of("type", "object",
                "properties", Map.of(
                        "username", Map.of("type", "string", "description", "User's response"),
                        "email", Map.of("type", "string", "description", "User's email address")),
                "required", List.of("username", "email"));
        ElicitResult answer = exchange.createElicitation(ElicitFormRequest.builder(message, schema).build());
        return result(text("User response: action=" + answer.action() + ", content=" + answer.content()));
    }

    private static CallToolResult elicit(McpSyncServerExchange exchange, String message, Map<String, Object> schema) {
        ElicitResult answer = exchange.createElicitation(ElicitFormRequest.builder(message, schema).build());
        return result(text("Elicitation completed: action=" + answer.action() + ", content=" + answer.content()));
    }

    private static Map<String, Object> sep1034Schema() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("name", Map.of("type", "string", "default", "John Doe"));
        properties.put("age", Map.of("type", "integer", "default", 30));
        properties.put("score", Map.of("type", "number", "default", 95.5));
        properties.put("status", Map.of("type", "string", "enum", List.of("active", "inactive", "pending"),
                "default", "active"));
        properties.put("verified", Map.of("type", "boolean", "default", true));
        return Map.of("type", "object", "properties", properties);
    }

    private static Map<String, Object> sep1330Schema() {
        Map<String, Object> properties = new LinkedHashMap<>();
        List<String> options = List.of("option1", "option2", "option3");
        properties.put("untitledSingle", Map.of("type", "string", "enum", options));
        properties.put("titledSingle", Map.of("type", "string", "oneOf", titled("Option")));
        properties.put("legacyEnum", Map.of("type", "string", "enum", List.of("opt1", "opt2", "opt3"),
                "enumNames", List.of("Option One", "Option Two", "Option Three")));
        properties.put("untitledMulti", Map.of("type", "array", "items", Map.of("type", "string", "enum", options)));
        properties.put("titledMulti", Map.of("type", "array", "items", Map.of("anyOf", titled("Choice"))));
        return Map.of("type", "object", "properties", properties);
    }

    private static List<Map<String, Object>> titled(String noun) {
        return List.of(Map.of("const", "value1", "title", "First " + noun),
                Map.of("const", "value2", "title", "Second " + noun),
                Map.of("const", "value3", "title", "Third " + noun));
    }

    // -------------------------------------------------------------------------------------- resources

    public static List<SyncResourceSpecification> resources() {
        return List.of(
                resource("test://static-text", "Static Text Resource", "text/plain"),
                resource("test://static-binary", "Static Binary Resource", "image/png"),
                resource("test://watched-resource", "Watched Resource", "text/plain"));
    }

    public static List<SyncResourceTemplateSpecification> resourceTemplates() {
        return List.of(new SyncResourceTemplateSpecification(
                ResourceTemplate.builder("test://template/{id}/data", "Template Resource")
                        .description("A resource template with an id parameter").mimeType("application/json").build(),
                (x, r) -> read(r.uri())));
    }

    private static SyncResourceSpecification resource(String uri, String name, String mimeType) {
        return new SyncResourceSpecification(Resource.builder(uri, name).mimeType(mimeType).build(),
                (x, r) -> read(r.uri()));
    }

    private static ReadResourceResult read(String uri) {
        ResourceContents contents = switch (uri) {
            case "test://static-text" -> new TextResourceContents(uri, "text/plain",
                    "This is the content of the static text resource.");
            case "test://static-binary" -> new BlobResourceContents(uri, "image/png", PNG);
            case "test://watched-resource" -> new TextResourceContents(uri, "text/plain",
                    "This is a watched resource content.");
            default -> template(uri);
        };
        return new ReadResourceResult(List.of(contents));
    }

    private static ResourceContents template(String uri) {
        Matcher m = TEMPLATE.matcher(uri);
        if (!m.matches()) {
            throw new IllegalArgumentException("Unknown resource: " + uri);
        }
        String id = m.group(1);
        return new TextResourceContents(uri, "application/json",
                "{\"id\":\"" + id + "\",\"templateTest\":true,\"data\":\"Data for ID: " + id + "\"}");
    }

    // ---------------------------------------------------------------------------------------- prompts

    public static List<SyncPromptSpecification> prompts() {
        return List.of(
                prompt(new Prompt("test_simple_prompt", "A simple prompt", List.of()),
                        r -> messages(text("This is a simple prompt for testing."))),
                prompt(new Prompt("test_prompt_with_arguments", "A prompt with two arguments", List.of(
                        new PromptArgument("arg1", "First argument", true),
                        new PromptArgument("arg2", "Second argument", true))),
                        r -> messages(text("Prompt with arguments: arg1='" + r.get("arg1") + "', arg2='"
                                + r.get("arg2") + "'"))),
                prompt(new Prompt("test_prompt_with_embedded_resource", "A prompt embedding a resource", List.of(
                        new PromptArgument("resourceUri", "URI of the resource to embed", true))),
                        r -> messages(embedded(String.valueOf(r.get("resourceUri")), "text/plain",
                                "Embedded resource content for testing."),
                                text("Please process the embedded resource above."))),
                prompt(new Prompt("test_prompt_with_image", "A prompt with an image", List.of()),
                        r -> messages(ImageContent.builder(PNG, "image/png").build(),
                                text("Please analyze the image above."))));
    }

    public static List<SyncCompletionSpecification> completions() {
        return List.of(new SyncCompletionSpecification(new PromptReference("test_prompt_with_arguments"),
                (x, r) -> new CompleteResult(new CompleteResult.CompleteCompletion(List.of()))));
    }

    private static SyncPromptSpecification prompt(Prompt prompt,
            java.util.function.Function<Map<String, Object>, GetPromptResult> body) {
        return new SyncPromptSpecification(prompt,
                (x, r) -> body.apply(r.arguments() == null ? Map.of() : r.arguments()));
    }

    private static GetPromptResult messages(Content... contents) {
        return new GetPromptResult(null, java.util.Arrays.stream(contents)
                .map(c -> new PromptMessage(Role.USER, c)).toList());
    }

    // --------------------------------------------------------------------------------------- plumbing

    private static SyncToolSpecification tool(String name,
            BiFunction<McpSyncServerExchange, CallToolRequest, CallToolResult> handler) {
        return SyncToolSpecification.builder()
                .tool(Tool.builder(name, NO_ARGUMENTS).description("Conformance fixture " + name).build())
                .callHandler(handler)
                .build();
    }

    private static TextContent text(String text) {
        return new TextContent(text);
    }

    private static EmbeddedResource embedded(String uri, String mimeType, String text) {
        return new EmbeddedResource(null, new TextResourceContents(uri, mimeType, text));
    }

    private static CallToolResult result(Content content) {
        return CallToolResult.builder().addContent(content).build();
    }

    private static Object argument(CallToolRequest request, String name, Object fallback) {
        Object value = request.arguments() == null ? null : request.arguments().get(name);
        return value == null ? fallback : value;
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
