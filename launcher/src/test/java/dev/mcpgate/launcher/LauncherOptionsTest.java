package dev.mcpgate.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class LauncherOptionsTest {

    private static final List<String> WAR = List.of("some/mcpgate-war.war");

    @Test
    void defaultsWithNothingSet() {
        LauncherOptions options = resolve(new Properties(), Map.of());

        assertEquals(8080, options.port());
        assertEquals("127.0.0.1", options.address());
        assertEquals(Path.of("mcpgate-run").toAbsolutePath(), options.baseDir());
        assertEquals(Path.of("some/mcpgate-war.war").toAbsolutePath(), options.war());
        assertNull(options.upstreamUrl());
        assertTrue(options.serverProperties().isEmpty());
    }

    @Test
    void portFromTheEnvironment() {
        assertEquals(9191, resolve(new Properties(), Map.of("MCPGATE_PORT", "9191")).port());
    }

    @Test
    void portPropertyWinsOverTheEnvironment() {
        LauncherOptions options = resolve(properties("mcpgate.port", "9090"), Map.of("MCPGATE_PORT", "9191"));

        assertEquals(9090, options.port());
    }

    @Test
    void blankPortPropertyFallsBackToTheEnvironment() {
        assertEquals(9191, resolve(properties("mcpgate.port", " "), Map.of("MCPGATE_PORT", "9191")).port());
    }

    @Test
    void invalidPortIsRefusedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> resolve(properties("mcpgate.port", "80a"), Map.of()));
        assertTrue(e.getMessage().contains("mcpgate.port"), e.getMessage());
        assertTrue(e.getMessage().contains("'80a'"), e.getMessage());

        assertThrows(IllegalArgumentException.class, () -> resolve(new Properties(), Map.of("MCPGATE_PORT", "65536")));
    }

    @Test
    void portZeroMeansAnyFreePort() {
        assertEquals(0, resolve(properties("mcpgate.port", "0"), Map.of()).port());
    }

    @Test
    void passwordFromTheEnvironmentIsNotShown() {
        LauncherOptions options = resolve(new Properties(), Map.of("MCPGATE_ADMIN_PASSWORD", "s3cret"));

        assertEquals("s3cret", options.adminPassword());
        assertFalse(options.passwordGenerated());
    }

    @Test
    void passwordIsGeneratedWhenTheEnvironmentHasNone() {
        LauncherOptions options = resolve(new Properties(), Map.of("MCPGATE_ADMIN_PASSWORD", ""));

        assertEquals("generated", options.adminPassword());
        assertTrue(options.passwordGenerated());
    }

    @Test
    void passwordIsNeverTakenFromASystemProperty() {
        LauncherOptions options = resolve(properties("mcpgate.admin-password", "visible-in-ps"), Map.of());

        assertEquals("generated", options.adminPassword());
    }

    @Test
    void metricsUserExistsOnlyWithAPasswordFromTheEnvironment() {
        assertNull(resolve(new Properties(), Map.of()).metricsPassword());
        assertNull(resolve(properties("mcpgate.metrics-password", "visible-in-ps"), Map.of()).metricsPassword());
        assertEquals("scrape", resolve(new Properties(), Map.of("MCPGATE_METRICS_PASSWORD", "scrape")).metricsPassword());
    }

    @Test
    void generatedPasswordsAreUrlSafeAndFresh() {
        String one = LauncherOptions.generatePassword();
        String two = LauncherOptions.generatePassword();

        assertEquals(20, one.length());
        assertTrue(one.matches("[A-Za-z0-9_-]{20}"), one);
        assertNotEquals(one, two);
    }

    @Test
    void upstreamFromTheEnvironmentBecomesTheSystemProperty() {
        LauncherOptions options = resolve(new Properties(), Map.of("MCPGATE_UPSTREAM_URL", "http://mcp.example:3000/mcp"));

        assertEquals("http://mcp.example:3000/mcp", options.upstreamUrl());
        assertEquals(Map.of("mcpgate.upstream-url", "http://mcp.example:3000/mcp"), options.serverProperties());
    }

    @Test
    void upstreamPropertyWinsAndIsLeftAsItIs() {
        LauncherOptions options = resolve(properties("mcpgate.upstream-url", "http://a:1/mcp"),
                Map.of("MCPGATE_UPSTREAM_URL", "http://b:2/mcp"));

        assertEquals("http://a:1/mcp", options.upstreamUrl());
        assertTrue(options.serverProperties().isEmpty());
    }

    /**
     * A blank property counts as unset, as for the port: the environment's URL applies and is handed
     * to the WAR. Failed before the fix: the blank property hid the environment (demo mode).
     */
    @Test
    void aBlankUpstreamPropertyFallsBackToTheEnvironment() {
        LauncherOptions options = resolve(properties("mcpgate.upstream-url", " "),
                Map.of("MCPGATE_UPSTREAM_URL", "http://up:5/mcp"));

        assertEquals("http://up:5/mcp", options.upstreamUrl());
        assertEquals(Map.of("mcpgate.upstream-url", "http://up:5/mcp"), options.serverProperties());
    }

    @Test
    void upstreamIsReadAsTheWarReadsItUnderTheGatewaysOwnNamesToo() {
        LauncherOptions options = resolve(new Properties(), Map.of("MCPGATE_GATEWAY_UPSTREAM_URL", "http://g:3/mcp",
                "MCPGATE_UPSTREAM_URL", "http://short:4/mcp"));

        assertEquals("http://g:3/mcp", options.upstreamUrl(), "the banner names the server the WAR forwards to");
    }

    @Test
    void anInvalidPortSaysWhereItCameFrom() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> resolve(new Properties(), Map.of("MCPGATE_PORT", "65536")));
        assertEquals("McpGate launcher configuration is invalid: port='65536': must be a whole number from 0 to 65535 "
                + "(environment variable MCPGATE_PORT)", e.getMessage());
    }

    @Test
    void addressAndBaseDirectory() {
        Properties system = properties("catalina.base", "/srv/mcpgate");
        LauncherOptions options = resolve(system, Map.of("MCPGATE_ADDRESS", "0.0.0.0"));

        assertEquals("0.0.0.0", options.address());
        assertEquals(Path.of("/srv/mcpgate"), options.baseDir());
    }

    @Test
    void noWarIsExplained() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LauncherOptions.resolve(List.of(), new Properties(), Map.of(), () -> "generated"));
        assertTrue(e.getMessage().contains("mvn package -Prun"), e.getMessage());
    }

    /** The launcher's names are mcpgate.<name> and MCPGATE_<NAME>, as the WAR's filter's: a shared key would be read by both. */
    @Test
    void noLauncherKeyIsAFilterKey() {
        for (LauncherSetting setting : LauncherSetting.values()) {
            assertTrue(dev.mcpgate.Setting.byKey(setting.key()).isEmpty(), setting.key() + " is also a filter setting");
        }
    }

    private static LauncherOptions resolve(Properties system, Map<String, String> env) {
        return LauncherOptions.resolve(WAR, system, env, () -> "generated");
    }

    private static Properties properties(String name, String value) {
        Properties properties = new Properties();
        properties.setProperty(name, value);
        return properties;
    }
}
