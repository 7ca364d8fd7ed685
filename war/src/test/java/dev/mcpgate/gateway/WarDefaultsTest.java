package dev.mcpgate.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mcpgate.Setting;
import dev.mcpgate.config.SettingSources;
import java.util.Collection;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The WAR's own defaults (guard, resume, endpoint name), set only where no source gives a value. */
class WarDefaultsTest {

    private static final GatewayConfig DEMO = new GatewayConfig(null, Duration.ofSeconds(5), Duration.ofMinutes(5));
    private static final GatewayConfig GATEWAY = new GatewayConfig(URI.create("http://127.0.0.1:3000/mcp"),
            Duration.ofSeconds(5), Duration.ofMinutes(5));

    @Test
    void noSourceLeavesTheWarToSetIt() {
        assertFalse(WarDefaults.isSet(Setting.GUARD, sources(Map.of(), Map.of(), Map.of(), Map.of())));
    }

    @Test
    void everySourceWinsOverTheWarDefault() {
        assertTrue(WarDefaults.isSet(Setting.GUARD, sources(Map.of("guard", "report"), Map.of(), Map.of(), Map.of())), "init-param in web.xml");
        assertTrue(WarDefaults.isSet(Setting.GUARD, sources(Map.of(), Map.of("dev.mcpgate.guard", "report"), Map.of(), Map.of())),
                "context-param");
        assertTrue(WarDefaults.isSet(Setting.GUARD, sources(Map.of(), Map.of(), Map.of("mcpgate.guard", "off"), Map.of())), "system property");
        assertTrue(WarDefaults.isSet(Setting.GUARD, sources(Map.of(), Map.of(), Map.of(), Map.of("MCPGATE_GUARD", "report"))), "environment");
        assertFalse(WarDefaults.isSet(Setting.GUARD, sources(Map.of(), Map.of("dev.mcpgate.guard-origin", "off"),
                Map.of(), Map.of("MCPGATE_GUARD_HOST", "report"))), "a per-check level is not the guard setting");
    }

    @Test
    void theWarTurnsResumabilityOnAndEnforcesTheGuard() {
        assertEquals("true", WarDefaults.defaults(DEMO).get(Setting.RESUME), "resume");
        assertEquals("enforce", WarDefaults.defaults(DEMO).get(Setting.GUARD), "guard");
        assertTrue(WarDefaults.isSet(Setting.RESUME, sources(Map.of(), Map.of(), Map.of(), Map.of("MCPGATE_RESUME", "false"))),
                "MCPGATE_RESUME=false keeps streams untouched");
    }

    @Test
    void theWarBridgesTheErasUnlessTheOperatorSaysOtherwise() {
        assertEquals("on", WarDefaults.defaults(DEMO).get(Setting.BRIDGE));
        assertEquals("on", WarDefaults.defaults(GATEWAY).get(Setting.BRIDGE));
        assertEquals("legacy", WarDefaults.defaults(DEMO).get(Setting.BRIDGE_UPSTREAM_ERA), "the demo server's era");
        assertNull(WarDefaults.defaults(GATEWAY).get(Setting.BRIDGE_UPSTREAM_ERA), "a gateway learns its upstream's");
        assertEquals("off", Setting.BRIDGE.defaultValue(), "the library's default");
        assertTrue(WarDefaults.isSet(Setting.BRIDGE, sources(Map.of(), Map.of(), Map.of(), Map.of("MCPGATE_BRIDGE", "off"))),
                "MCPGATE_BRIDGE=off keeps every client in its own era");
    }

    @Test
    void theEndpointIsNamedAfterTheModeSoDemoAndGatewayRowsStayApart() {
        assertEquals("demo", WarDefaults.defaults(DEMO).get(Setting.ENDPOINT_NAME));
        assertEquals("gateway", WarDefaults.defaults(GATEWAY).get(Setting.ENDPOINT_NAME));
        assertTrue(WarDefaults.isSet(Setting.ENDPOINT_NAME, sources(Map.of(), Map.of(), Map.of(), Map.of("MCPGATE_ENDPOINT_NAME", "billing"))),
                "an operator's name wins");
    }

    private static SettingSources sources(Map<String, String> init, Map<String, String> context,
                                          Map<String, String> system, Map<String, String> environment) {
        return new SettingSources() {
            @Override
            public Collection<String> initParamNames() {
                return init.keySet();
            }

            @Override
            public String initParam(String name) {
                return init.get(name);
            }

            @Override
            public Collection<String> contextParamNames() {
                return context.keySet();
            }

            @Override
            public String contextParam(String name) {
                return context.get(name);
            }

            @Override
            public String systemProperty(String name) {
                return system.get(name);
            }

            @Override
            public String environmentVariable(String name) {
                return environment.get(name);
            }
        };
    }
}
