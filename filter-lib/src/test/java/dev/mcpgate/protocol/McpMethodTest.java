package dev.mcpgate.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class McpMethodTest {

    /** Every method string of schema/2025-11-25/schema.ts. */
    @ParameterizedTest
    @ValueSource(strings = {"completion/complete", "elicitation/create", "initialize", "logging/setLevel",
        "notifications/cancelled", "notifications/elicitation/complete", "notifications/initialized",
        "notifications/message", "notifications/progress", "notifications/prompts/list_changed",
        "notifications/resources/list_changed", "notifications/resources/updated",
        "notifications/roots/list_changed", "notifications/tasks/status", "notifications/tools/list_changed",
        "ping", "prompts/get", "prompts/list", "resources/list", "resources/read", "resources/subscribe",
        "resources/templates/list", "resources/unsubscribe", "roots/list", "sampling/createMessage",
        "tasks/cancel", "tasks/get", "tasks/list", "tasks/result", "tools/call", "tools/list"})
    void everyMethodOfRevision20251125IsKnown(String wireName) {
        McpMethod method = McpMethod.of(wireName);
        assertNotEquals(McpMethod.UNKNOWN, method);
        assertEquals(wireName, method.wireName());
        assertNotEquals(Era.MODERN, method.era(), "exists in a legacy revision");
    }

    /** Every method string of schema/2026-07-28/schema.ts, and those of its tasks extension. */
    @ParameterizedTest
    @ValueSource(strings = {"completion/complete", "elicitation/create", "notifications/cancelled",
        "notifications/message", "notifications/progress", "notifications/prompts/list_changed",
        "notifications/resources/list_changed", "notifications/resources/updated",
        "notifications/subscriptions/acknowledged", "notifications/tools/list_changed", "prompts/get",
        "prompts/list", "resources/list", "resources/read", "resources/templates/list", "roots/list",
        "sampling/createMessage", "server/discover", "subscriptions/listen", "tools/call", "tools/list",
        "tasks/get", "tasks/update", "tasks/cancel", "notifications/tasks"})
    void everyMethodOfRevision20260728IsKnown(String wireName) {
        McpMethod method = McpMethod.of(wireName);
        assertNotEquals(McpMethod.UNKNOWN, method);
        assertEquals(wireName, method.wireName());
        assertNotEquals(Era.LEGACY, method.era(), "exists in the modern revision");
    }

    @Test
    void everyMethodRoundTripsThroughItsWireName() {
        for (McpMethod method : McpMethod.values()) {
            if (method != McpMethod.UNKNOWN) {
                assertSame(method, McpMethod.of(method.wireName()), method.name());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Tools/List", "tools/list ", "tools", "notifications/", "x/y", "rpc.discover"})
    void unknownOrMisspelledMethodsAreUnknown(String wireName) {
        assertSame(McpMethod.UNKNOWN, McpMethod.of(wireName));
    }

    @Test
    void nullIsUnknown() {
        assertSame(McpMethod.UNKNOWN, McpMethod.of(null));
        assertNull(McpMethod.UNKNOWN.wireName());
        assertFalse(McpMethod.UNKNOWN.isNotification());
        assertEquals(Era.UNKNOWN, McpMethod.UNKNOWN.era());
        assertEquals(TargetKind.NONE, McpMethod.UNKNOWN.targetKind());
    }

    @Test
    void notificationsAreExactlyTheNotificationsMethods() {
        for (McpMethod method : McpMethod.values()) {
            boolean expected = method.wireName() != null && method.wireName().startsWith("notifications/");
            assertEquals(expected, method.isNotification(), method.name());
        }
        assertTrue(McpMethod.NOTIFICATION_PROGRESS.isNotification());
        assertFalse(McpMethod.TOOLS_CALL.isNotification());
    }

    @Test
    void listMethodsAreTheFourListsTheServerAnswers() {
        Set<McpMethod> expected = EnumSet.of(McpMethod.TOOLS_LIST, McpMethod.PROMPTS_LIST,
                McpMethod.RESOURCES_LIST, McpMethod.RESOURCES_TEMPLATES_LIST);
        for (McpMethod method : McpMethod.values()) {
            assertEquals(expected.contains(method), method.isListMethod(), method.name());
        }
    }

    @Test
    void listChangedNotificationsAreTheFourListChangedMethods() {
        Set<McpMethod> expected = EnumSet.of(McpMethod.NOTIFICATION_TOOLS_LIST_CHANGED,
                McpMethod.NOTIFICATION_PROMPTS_LIST_CHANGED, McpMethod.NOTIFICATION_RESOURCES_LIST_CHANGED,
                McpMethod.NOTIFICATION_ROOTS_LIST_CHANGED);
        for (McpMethod method : McpMethod.values()) {
            assertEquals(expected.contains(method), method.isListChangedNotification(), method.name());
        }
    }

    @Test
    void targetKindsNameTheParameterThatHoldsTheTarget() {
        assertEquals(TargetKind.TOOL, McpMethod.TOOLS_CALL.targetKind());
        assertEquals(TargetKind.PROMPT, McpMethod.PROMPTS_GET.targetKind());
        assertEquals(TargetKind.RESOURCE, McpMethod.RESOURCES_READ.targetKind());
        assertEquals(TargetKind.RESOURCE, McpMethod.RESOURCES_SUBSCRIBE.targetKind());
        assertEquals(TargetKind.RESOURCE, McpMethod.RESOURCES_UNSUBSCRIBE.targetKind());
        Set<McpMethod> withTarget = EnumSet.of(McpMethod.TOOLS_CALL, McpMethod.PROMPTS_GET, McpMethod.RESOURCES_READ,
                McpMethod.RESOURCES_SUBSCRIBE, McpMethod.RESOURCES_UNSUBSCRIBE);
        for (McpMethod method : EnumSet.complementOf(EnumSet.copyOf(withTarget))) {
            assertEquals(TargetKind.NONE, method.targetKind(), method.name());
        }
    }

    @Test
    void erasFollowTheRevisionsThatDefineEachMethod() {
        Set<McpMethod> modernOnly = EnumSet.of(McpMethod.SERVER_DISCOVER, McpMethod.SUBSCRIPTIONS_LISTEN,
                McpMethod.NOTIFICATION_SUBSCRIPTIONS_ACKNOWLEDGED, McpMethod.TASKS_UPDATE,
                McpMethod.NOTIFICATION_TASKS);
        Set<McpMethod> legacyOnly = EnumSet.of(McpMethod.INITIALIZE, McpMethod.NOTIFICATION_INITIALIZED,
                McpMethod.PING, McpMethod.LOGGING_SET_LEVEL, McpMethod.RESOURCES_SUBSCRIBE,
                McpMethod.RESOURCES_UNSUBSCRIBE, McpMethod.NOTIFICATION_ROOTS_LIST_CHANGED,
                McpMethod.NOTIFICATION_ELICITATION_COMPLETE, McpMethod.TASKS_LIST, McpMethod.TASKS_RESULT,
                McpMethod.NOTIFICATION_TASKS_STATUS);
        for (McpMethod method : McpMethod.values()) {
            Era expected = modernOnly.contains(method) ? Era.MODERN
                    : legacyOnly.contains(method) ? Era.LEGACY : Era.UNKNOWN;
            assertEquals(expected, method.era(), method.name());
        }
    }
}
