package dev.mcpgate.gateway;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mcpgate.Setting;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The WAR sets guard=enforce only where no source of the guard setting gives a value. */
class WarDefaultsTest {

    private static final Function<String, String> NONE = name -> null;

    @Test
    void noSourceLeavesTheWarToSetIt() {
        assertFalse(WarDefaults.isSet(Setting.GUARD, null, NONE, NONE, Map.of()));
    }

    @Test
    void everySourceWinsOverTheWarDefault() {
        assertTrue(WarDefaults.isSet(Setting.GUARD, "report", NONE, NONE, Map.of()), "init-param in web.xml");
        assertTrue(WarDefaults.isSet(Setting.GUARD, null, Map.of("dev.mcpgate.guard", "report")::get, NONE, Map.of()),
                "context-param");
        assertTrue(WarDefaults.isSet(Setting.GUARD, null, NONE, Map.of("mcpgate.guard", "off")::get, Map.of()), "system property");
        assertTrue(WarDefaults.isSet(Setting.GUARD, null, NONE, NONE, Map.of("MCPGATE_GUARD", "report")), "environment");
        assertFalse(WarDefaults.isSet(Setting.GUARD, null, Map.of("dev.mcpgate.guard-origin", "off")::get, NONE,
                Map.of("MCPGATE_GUARD_HOST", "report")), "a per-check level is not the guard setting");
    }

    @Test
    void theWarTurnsResumabilityOnAndEnforcesTheGuard() {
        assertTrue("true".equals(WarDefaults.DEFAULTS.get(Setting.RESUME)), "resume");
        assertTrue("enforce".equals(WarDefaults.DEFAULTS.get(Setting.GUARD)), "guard");
        assertTrue(WarDefaults.isSet(Setting.RESUME, null, NONE, NONE, Map.of("MCPGATE_RESUME", "false")),
                "MCPGATE_RESUME=false keeps streams untouched");
    }
}
