package dev.mcpgate.bridge;

import dev.mcpgate.protocol.McpMethod;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The {@code notifications} filter of a 2026-07-28 {@code subscriptions/listen} request (schema
 * {@code SubscriptionFilter}): which change notifications the client opted in to. The server must send no
 * other type, so the relay passes a notification of the legacy server's GET stream only when
 * {@link #admits} says so.
 *
 * @param tools {@code toolsListChanged}
 * @param prompts {@code promptsListChanged}
 * @param resources {@code resourcesListChanged}
 * @param resourceSubscriptions {@code resourceSubscriptions}: the resource URIs whose
 *        {@code notifications/resources/updated} the client wants
 */
record ListenFilter(boolean tools, boolean prompts, boolean resources, Set<String> resourceSubscriptions) {

    /** Most resource URIs one listen may ask for: each costs a subscribe call upstream. */
    static final int MAX_RESOURCE_SUBSCRIPTIONS = 100;

    /** Nothing honoured: what a legacy server without a GET stream can offer. */
    static final ListenFilter NONE = new ListenFilter(false, false, false, Set.of());

    ListenFilter {
        resourceSubscriptions = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(resourceSubscriptions));
    }

    /**
     * The filter of a listen request's params.
     *
     * @throws IllegalArgumentException when {@code notifications} is missing or a field has the wrong type
     *         (the relay answers -32602)
     */
    static ListenFilter parse(JsonObject params) {
        JsonValue notifications = params == null ? null : params.get("notifications");
        if (!(notifications instanceof JsonObject filter)) {
            throw new IllegalArgumentException("subscriptions/listen needs params.notifications, an object");
        }
        return new ListenFilter(flag(filter, "toolsListChanged"), flag(filter, "promptsListChanged"),
                flag(filter, "resourcesListChanged"), uris(filter.get("resourceSubscriptions")));
    }

    private static boolean flag(JsonObject filter, String name) {
        JsonValue value = filter.get(name);
        if (value == null || value == JsonValue.NULL || value == JsonValue.FALSE) {
            return false;
        }
        if (value == JsonValue.TRUE) {
            return true;
        }
        throw new IllegalArgumentException("notifications." + name + " must be a boolean");
    }

    private static Set<String> uris(JsonValue value) {
        if (value == null || value == JsonValue.NULL) {
            return Set.of();
        }
        if (!(value instanceof JsonArray array)) {
            throw new IllegalArgumentException("notifications.resourceSubscriptions must be an array of strings");
        }
        Set<String> uris = new LinkedHashSet<>();
        for (JsonValue uri : array) {
            if (!(uri instanceof JsonString text)) {
                throw new IllegalArgumentException("notifications.resourceSubscriptions must be an array of strings");
            }
            uris.add(text.getString());
            if (uris.size() > MAX_RESOURCE_SUBSCRIPTIONS) {
                throw new IllegalArgumentException("notifications.resourceSubscriptions may name at most "
                        + MAX_RESOURCE_SUBSCRIPTIONS + " resources");
            }
        }
        return uris;
    }

    /**
     * What of this filter a legacy server can honour, by its initialize result's {@code capabilities}: a
     * list's changes only when it announced {@code listChanged} for that list, resource updates only when
     * it announced {@code resources.subscribe}.
     */
    ListenFilter honouredBy(JsonObject capabilities) {
        boolean subscribe = capability(capabilities, "resources", "subscribe");
        return new ListenFilter(tools && capability(capabilities, "tools", "listChanged"),
                prompts && capability(capabilities, "prompts", "listChanged"),
                resources && capability(capabilities, "resources", "listChanged"),
                subscribe ? resourceSubscriptions : Set.of());
    }

    private static boolean capability(JsonObject capabilities, String feature, String flag) {
        JsonValue value = capabilities == null ? null : capabilities.get(feature);
        return value instanceof JsonObject object && object.get(flag) == JsonValue.TRUE;
    }

    /** The same filter with these resource URIs (those the server took a subscription for). */
    ListenFilter withResourceSubscriptions(Set<String> uris) {
        return new ListenFilter(tools, prompts, resources, uris);
    }

    /**
     * Whether a notification of the legacy server goes to this subscriber: a list change it opted in to, or a
     * resource update for a URI it subscribed to or below it (the schema allows an update of a sub-resource).
     * Everything else (log messages, progress, other lists) is request-scoped or not asked for.
     */
    boolean admits(JsonObject notification) {
        McpMethod method = McpMethod.of(notification.getString("method", null));
        return switch (method) {
            case NOTIFICATION_TOOLS_LIST_CHANGED -> tools;
            case NOTIFICATION_PROMPTS_LIST_CHANGED -> prompts;
            case NOTIFICATION_RESOURCES_LIST_CHANGED -> resources;
            case NOTIFICATION_RESOURCES_UPDATED -> coversUri(notification.get("params"));
            default -> false;
        };
    }

    private boolean coversUri(JsonValue params) {
        if (!(params instanceof JsonObject object) || !(object.get("uri") instanceof JsonString uri)) {
            return false;
        }
        String updated = uri.getString();
        for (String subscribed : resourceSubscriptions) {
            if (updated.equals(subscribed) || updated.startsWith(subscribed.endsWith("/") ? subscribed : subscribed + "/")) {
                return true;
            }
        }
        return false;
    }

    /** The filter as the {@code notifications} member of the acknowledgement (fields not honoured omitted). */
    JsonObject toJson() {
        JsonObjectBuilder json = Json.createObjectBuilder();
        if (tools) {
            json.add("toolsListChanged", true);
        }
        if (prompts) {
            json.add("promptsListChanged", true);
        }
        if (resources) {
            json.add("resourcesListChanged", true);
        }
        if (!resourceSubscriptions.isEmpty()) {
            JsonArrayBuilder uris = Json.createArrayBuilder();
            resourceSubscriptions.forEach(uris::add);
            json.add("resourceSubscriptions", uris);
        }
        return json.build();
    }
}
