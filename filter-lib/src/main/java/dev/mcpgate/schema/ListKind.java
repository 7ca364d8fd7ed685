package dev.mcpgate.schema;

import dev.mcpgate.protocol.McpMethod;
import java.util.List;
import java.util.Set;

/**
 * The catalogues whose history is kept: one per list method, plus the server's own identity and
 * capabilities. For each, where its items are in the answer, what names an item, and which of an
 * item's fields are its contract (what a client's call depends on) as opposed to its content
 * (text a person or a model reads: descriptions, titles, annotations, icons, {@code _meta}).
 */
public enum ListKind {
    TOOLS("tools/list", "tools", "tool", "name", List.of("name", "inputSchema", "outputSchema")),
    PROMPTS("prompts/list", "prompts", "prompt", "name", List.of("name", "arguments")),
    RESOURCES("resources/list", "resources", "resource", "uri", List.of("uri", "name", "mimeType")),
    RESOURCE_TEMPLATES("resources/templates/list", "resourceTemplates", "resource_template", "name",
            List.of("name", "uriTemplate", "mimeType")),
    /**
     * The answer of {@code initialize} (legacy) or {@code server/discover} (modern): one item, the
     * result without the protocol version (which the server chooses per client) and {@code _meta}.
     */
    SERVER("server", null, "server", null, List.of("capabilities"));

    /** Top-level fields of a list answer's result that change per request, never per content. */
    static final Set<String> VOLATILE_RESULT_FIELDS = Set.of("nextCursor", "_meta", "protocolVersion");

    private final String listMethod;
    private final String resultField;
    private final String itemKind;
    private final String keyField;
    private final List<String> contractFields;

    ListKind(String listMethod, String resultField, String itemKind, String keyField, List<String> contractFields) {
        this.listMethod = listMethod;
        this.resultField = resultField;
        this.itemKind = itemKind;
        this.keyField = keyField;
        this.contractFields = contractFields;
    }

    /** The name versions are kept under: the list method, or {@code server}. */
    public String listMethod() {
        return listMethod;
    }

    /** The member of {@code result} that holds the items; {@code null} for {@link #SERVER}. */
    String resultField() {
        return resultField;
    }

    /** What one item is called in change rows: {@code tool}, {@code prompt}, ... */
    public String itemKind() {
        return itemKind;
    }

    /** The item field that names it ({@code uri} for resources); {@code null} for {@link #SERVER}. */
    String keyField() {
        return keyField;
    }

    /** The item fields that make up its contract. */
    List<String> contractFields() {
        return contractFields;
    }

    /** The catalogue a request's answer belongs to, or {@code null} when it is none. */
    public static ListKind answeredBy(McpMethod method) {
        return switch (method) {
            case TOOLS_LIST -> TOOLS;
            case PROMPTS_LIST -> PROMPTS;
            case RESOURCES_LIST -> RESOURCES;
            case RESOURCES_TEMPLATES_LIST -> RESOURCE_TEMPLATES;
            case INITIALIZE, SERVER_DISCOVER -> SERVER;
            default -> null;
        };
    }

    /** The catalogues a list-changed notification makes stale (resources: the templates too). */
    public static List<ListKind> changedBy(McpMethod notification) {
        return switch (notification) {
            case NOTIFICATION_TOOLS_LIST_CHANGED -> List.of(TOOLS);
            case NOTIFICATION_PROMPTS_LIST_CHANGED -> List.of(PROMPTS);
            case NOTIFICATION_RESOURCES_LIST_CHANGED -> List.of(RESOURCES, RESOURCE_TEMPLATES);
            default -> List.of();
        };
    }

    /** The catalogue kept under this list method name, or {@code null}. */
    public static ListKind ofListMethod(String listMethod) {
        for (ListKind kind : values()) {
            if (kind.listMethod.equals(listMethod)) {
                return kind;
            }
        }
        return null;
    }
}
