package dev.mcpgate.protocol;

import java.util.HashMap;
import java.util.Map;

/**
 * The JSON-RPC methods of MCP, in every revision from 2024-11-05 to 2026-07-28, together with
 * what the filter needs to know about each: whether it is a notification, which target it names,
 * and in which era it exists.
 *
 * <p>{@link #era()} is the era in which a method exists, {@link Era#UNKNOWN} meaning both. Revision
 * 2026-07-28 removed the {@code initialize} handshake, {@code ping}, {@code logging/setLevel},
 * {@code resources/subscribe} and {@code resources/unsubscribe}, {@code notifications/roots/list_changed}
 * and {@code notifications/elicitation/complete}, and moved tasks into the
 * {@code io.modelcontextprotocol/tasks} extension, which dropped {@code tasks/list},
 * {@code tasks/result} and {@code notifications/tasks/status} and added {@code tasks/update} and
 * {@code notifications/tasks}. Those methods therefore belong to one era only.
 */
public enum McpMethod {
    INITIALIZE("initialize", Era.LEGACY, TargetKind.NONE),
    PING("ping", Era.LEGACY, TargetKind.NONE),
    TOOLS_LIST("tools/list", Era.UNKNOWN, TargetKind.NONE),
    TOOLS_CALL("tools/call", Era.UNKNOWN, TargetKind.TOOL),
    PROMPTS_LIST("prompts/list", Era.UNKNOWN, TargetKind.NONE),
    PROMPTS_GET("prompts/get", Era.UNKNOWN, TargetKind.PROMPT),
    RESOURCES_LIST("resources/list", Era.UNKNOWN, TargetKind.NONE),
    RESOURCES_TEMPLATES_LIST("resources/templates/list", Era.UNKNOWN, TargetKind.NONE),
    RESOURCES_READ("resources/read", Era.UNKNOWN, TargetKind.RESOURCE),
    RESOURCES_SUBSCRIBE("resources/subscribe", Era.LEGACY, TargetKind.RESOURCE),
    RESOURCES_UNSUBSCRIBE("resources/unsubscribe", Era.LEGACY, TargetKind.RESOURCE),
    LOGGING_SET_LEVEL("logging/setLevel", Era.LEGACY, TargetKind.NONE),
    COMPLETION_COMPLETE("completion/complete", Era.UNKNOWN, TargetKind.NONE),
    SAMPLING_CREATE_MESSAGE("sampling/createMessage", Era.UNKNOWN, TargetKind.NONE),
    ELICITATION_CREATE("elicitation/create", Era.UNKNOWN, TargetKind.NONE),
    ROOTS_LIST("roots/list", Era.UNKNOWN, TargetKind.NONE),
    SERVER_DISCOVER("server/discover", Era.MODERN, TargetKind.NONE),
    SUBSCRIPTIONS_LISTEN("subscriptions/listen", Era.MODERN, TargetKind.NONE),
    TASKS_GET("tasks/get", Era.UNKNOWN, TargetKind.NONE),
    TASKS_LIST("tasks/list", Era.LEGACY, TargetKind.NONE),
    TASKS_RESULT("tasks/result", Era.LEGACY, TargetKind.NONE),
    TASKS_CANCEL("tasks/cancel", Era.UNKNOWN, TargetKind.NONE),
    /** Client input to a task that waits for it; tasks extension of 2026-07-28. */
    TASKS_UPDATE("tasks/update", Era.MODERN, TargetKind.NONE),
    NOTIFICATION_INITIALIZED("notifications/initialized", Era.LEGACY, TargetKind.NONE),
    NOTIFICATION_CANCELLED("notifications/cancelled", Era.UNKNOWN, TargetKind.NONE),
    NOTIFICATION_PROGRESS("notifications/progress", Era.UNKNOWN, TargetKind.NONE),
    NOTIFICATION_MESSAGE("notifications/message", Era.UNKNOWN, TargetKind.NONE),
    NOTIFICATION_TOOLS_LIST_CHANGED("notifications/tools/list_changed", Era.UNKNOWN, TargetKind.NONE),
    NOTIFICATION_PROMPTS_LIST_CHANGED("notifications/prompts/list_changed", Era.UNKNOWN, TargetKind.NONE),
    NOTIFICATION_RESOURCES_LIST_CHANGED("notifications/resources/list_changed", Era.UNKNOWN, TargetKind.NONE),
    NOTIFICATION_RESOURCES_UPDATED("notifications/resources/updated", Era.UNKNOWN, TargetKind.NONE),
    NOTIFICATION_ROOTS_LIST_CHANGED("notifications/roots/list_changed", Era.LEGACY, TargetKind.NONE),
    NOTIFICATION_ELICITATION_COMPLETE("notifications/elicitation/complete", Era.LEGACY, TargetKind.NONE),
    NOTIFICATION_TASKS_STATUS("notifications/tasks/status", Era.LEGACY, TargetKind.NONE),
    /** The server's answer on a {@code subscriptions/listen} stream that it took the subscription. */
    NOTIFICATION_SUBSCRIPTIONS_ACKNOWLEDGED("notifications/subscriptions/acknowledged", Era.MODERN, TargetKind.NONE),
    /** The full state of a task, pushed by the server; tasks extension of 2026-07-28. */
    NOTIFICATION_TASKS("notifications/tasks", Era.MODERN, TargetKind.NONE),
    /** A method this table does not know, or no method at all. */
    UNKNOWN(null, Era.UNKNOWN, TargetKind.NONE);

    private static final String NOTIFICATION_PREFIX = "notifications/";
    private static final String LIST_CHANGED_SUFFIX = "/list_changed";

    private static final Map<String, McpMethod> BY_WIRE_NAME = byWireName();

    private final String wireName;
    private final Era era;
    private final TargetKind targetKind;

    McpMethod(String wireName, Era era, TargetKind targetKind) {
        this.wireName = wireName;
        this.era = era;
        this.targetKind = targetKind;
    }

    /**
     * The method for a JSON-RPC {@code method} value, matched exactly as the specification spells
     * it (JSON-RPC method names are case-sensitive).
     *
     * @param wireName the method as sent; may be {@code null}
     * @return the method, {@link #UNKNOWN} for {@code null} or a name not in the table
     */
    public static McpMethod of(String wireName) {
        if (wireName == null) {
            return UNKNOWN;
        }
        return BY_WIRE_NAME.getOrDefault(wireName, UNKNOWN);
    }

    /** The method name on the wire, e.g. {@code "tools/call"}; {@code null} for {@link #UNKNOWN}. */
    public String wireName() {
        return wireName;
    }

    /** Whether the method is a notification, which never gets an answer. */
    public boolean isNotification() {
        return wireName != null && wireName.startsWith(NOTIFICATION_PREFIX);
    }

    /**
     * Whether the method is one of the paginated lists the server answers and whose content the
     * schema tracker records: tools, prompts, resources and resource templates.
     */
    public boolean isListMethod() {
        return this == TOOLS_LIST || this == PROMPTS_LIST || this == RESOURCES_LIST
                || this == RESOURCES_TEMPLATES_LIST;
    }

    /** Whether the method announces that a list (tools, prompts, resources or roots) changed. */
    public boolean isListChangedNotification() {
        return isNotification() && wireName.endsWith(LIST_CHANGED_SUFFIX);
    }

    /** What the request acts on, and so which parameter names its target. */
    public TargetKind targetKind() {
        return targetKind;
    }

    /** The era in which the method exists; {@link Era#UNKNOWN} when it exists in both. */
    public Era era() {
        return era;
    }

    private static Map<String, McpMethod> byWireName() {
        Map<String, McpMethod> map = new HashMap<>();
        for (McpMethod method : values()) {
            if (method.wireName != null) {
                map.put(method.wireName, method);
            }
        }
        return Map.copyOf(map);
    }
}
