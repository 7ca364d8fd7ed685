package dev.mcpgate.rules;

/**
 * The list answers the rules filter, each with the call its items stand for: a caller sees a tool only
 * when it may call it.
 */
enum ListKind {
    TOOLS("tools/list", "tools", "name", "tools/call"),
    PROMPTS("prompts/list", "prompts", "name", "prompts/get"),
    RESOURCES("resources/list", "resources", "uri", "resources/read"),
    /** Templates are matched by their {@code uriTemplate} text: a resource glob sees the template itself. */
    RESOURCE_TEMPLATES("resources/templates/list", "resourceTemplates", "uriTemplate", "resources/read");

    final String listMethod;
    final String member;
    final String key;
    final String callMethod;

    ListKind(String listMethod, String member, String key, String callMethod) {
        this.listMethod = listMethod;
        this.member = member;
        this.key = key;
        this.callMethod = callMethod;
    }

    /** The kind of a list method, or {@code null}. */
    static ListKind of(String method) {
        for (ListKind kind : values()) {
            if (kind.listMethod.equals(method)) {
                return kind;
            }
        }
        return null;
    }
}
