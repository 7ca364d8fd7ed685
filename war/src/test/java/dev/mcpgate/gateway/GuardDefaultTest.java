package dev.mcpgate.gateway;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The WAR sets guard=enforce only where no source of the guard setting gives a value. */
class GuardDefaultTest {

    private static final Function<String, String> NONE = name -> null;

    @Test
    void noSourceLeavesTheWarToSetIt() {
        assertFalse(GuardDefault.isSet(null, NONE, NONE, Map.of()));
    }

    @Test
    void everySourceWinsOverTheWarDefault() {
        assertTrue(GuardDefault.isSet("report", NONE, NONE, Map.of()), "init-param in web.xml");
        assertTrue(GuardDefault.isSet(null, Map.of("dev.mcpgate.guard", "report")::get, NONE, Map.of()),
                "context-param");
        assertTrue(GuardDefault.isSet(null, NONE, Map.of("mcpgate.guard", "off")::get, Map.of()), "system property");
        assertTrue(GuardDefault.isSet(null, NONE, NONE, Map.of("MCPGATE_GUARD", "report")), "environment");
        assertFalse(GuardDefault.isSet(null, Map.of("dev.mcpgate.guard-origin", "off")::get, NONE,
                Map.of("MCPGATE_GUARD_HOST", "report")), "a per-check level is not the guard setting");
    }
}
