package dev.mcpgate.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mcpgate.config.SettingSources;
import dev.mcpgate.gateway.proxy.UpstreamClientKind;
import java.net.URI;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GatewayConfigTest {

    private final Map<String, String> contextParams = new HashMap<>();
    private final Map<String, String> systemProperties = new HashMap<>();
    private final Map<String, String> environment = new HashMap<>();

    private GatewayConfig resolve() {
        return GatewayConfig.resolve(new SettingSources() {
            @Override
            public Collection<String> initParamNames() {
                return List.of();
            }

            @Override
            public String initParam(String name) {
                return null;
            }

            @Override
            public Collection<String> contextParamNames() {
                return contextParams.keySet();
            }

            @Override
            public String contextParam(String name) {
                return contextParams.get(name);
            }

            @Override
            public String systemProperty(String name) {
                return systemProperties.get(name);
            }

            @Override
            public String environmentVariable(String name) {
                return environment.get(name);
            }
        });
    }

    @Test
    void withoutUpstreamTheDemoServerAnswersWithDefaultTimeouts() {
        GatewayConfig config = resolve();
        assertFalse(config.gatewayMode());
        assertNull(config.upstream());
        assertEquals(Duration.ofSeconds(5), config.connectTimeout());
        assertEquals(Duration.ofMinutes(5), config.idleTimeout());
    }

    @Test
    void contextParamWinsOverSystemPropertyOverEnvironment() {
        environment.put("MCPGATE_UPSTREAM_URL", "http://env:1/mcp");
        assertEquals(URI.create("http://env:1/mcp"), resolve().upstream());
        systemProperties.put("mcpgate.upstream-url", "http://property:2/mcp");
        assertEquals(URI.create("http://property:2/mcp"), resolve().upstream());
        contextParams.put("dev.mcpgate.gateway.upstream-url", "https://context:3/mcp");
        assertEquals(URI.create("https://context:3/mcp"), resolve().upstream());
        assertTrue(resolve().gatewayMode());
    }

    @Test
    void upstreamMustBeAnAbsoluteHttpUrl() {
        systemProperties.put("mcpgate.upstream-url", "ftp://example.com/mcp");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, this::resolve);
        assertTrue(e.getMessage().contains("upstream-url='"), e.getMessage());
        systemProperties.put("mcpgate.upstream-url", "/mcp");
        assertThrows(IllegalArgumentException.class, this::resolve);
    }

    @Test
    void anInvalidUpstreamUrlIsRefusedWithoutShowingItsCredentials() {
        for (String url : new String[] {"ftp://u:pa55w0rd@example.com/mcp?token=t0ken", "http://u:pa55w0rd@h/mcp#t0ken",
                "http://u:pa55w0rd@h/m cp?token=t0ken"}) {
            systemProperties.put("mcpgate.upstream-url", url);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, this::resolve);
            assertTrue(e.getMessage().contains("upstream-url='"), e.getMessage());
            assertFalse(e.getMessage().contains("pa55w0rd") || e.getMessage().contains("t0ken"), e.getMessage());
            assertNull(e.getCause(), "a cause would quote the URL");
        }
    }

    @Test
    void timeoutsMustBePositiveIsoDurations() {
        systemProperties.put("mcpgate.upstream-idle-timeout", "PT0S");
        assertTrue(assertThrows(IllegalArgumentException.class, this::resolve).getMessage()
                .contains("upstream-idle-timeout='PT0S'"));
        systemProperties.put("mcpgate.upstream-idle-timeout", "30s");
        assertThrows(IllegalArgumentException.class, this::resolve);
        systemProperties.put("mcpgate.upstream-idle-timeout", "PT30S");
        assertEquals(Duration.ofSeconds(30), resolve().idleTimeout());
    }

    @Test
    void namesFollowTheSettingsVocabulary() {
        assertEquals("dev.mcpgate.gateway.upstream-url", GatewaySetting.UPSTREAM_URL.contextParam());
        assertEquals(List.of("mcpgate.gateway.upstream-connect-timeout", "mcpgate.upstream-connect-timeout"),
                GatewaySetting.UPSTREAM_CONNECT_TIMEOUT.systemProperties());
        assertEquals(List.of("MCPGATE_GATEWAY_UPSTREAM_IDLE_TIMEOUT", "MCPGATE_UPSTREAM_IDLE_TIMEOUT"),
                GatewaySetting.UPSTREAM_IDLE_TIMEOUT.environmentVariables());
    }

    @Test
    void theGatewaysOwnSystemPropertyAndVariableWinOverTheShortOnes() {
        environment.put("MCPGATE_UPSTREAM_URL", "http://short:1/mcp");
        environment.put("MCPGATE_GATEWAY_UPSTREAM_URL", "http://env:2/mcp");
        assertEquals(URI.create("http://env:2/mcp"), resolve().upstream());
        systemProperties.put("mcpgate.upstream-url", "http://short:3/mcp");
        systemProperties.put("mcpgate.gateway.upstream-url", "http://property:4/mcp");
        assertEquals(URI.create("http://property:4/mcp"), resolve().upstream());
    }

    @Test
    void anUnknownGatewayContextParamFailsNamingItButTheFiltersAreLeftToIt() {
        contextParams.put("dev.mcpgate.gateway.upstream-ulr", "http://localhost:3000/mcp");
        contextParams.put("dev.mcpgate.guard", "report");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, this::resolve);
        assertEquals("McpGate gateway configuration is invalid: unknown context-param "
                + "'dev.mcpgate.gateway.upstream-ulr'", e.getMessage());
    }

    @Test
    void everyProblemIsNamedInOneMessage() {
        systemProperties.put("mcpgate.upstream-url", "ftp://u:pa55w0rd@example.com/mcp");
        systemProperties.put("mcpgate.upstream-idle-timeout", "30s");
        environment.put("MCPGATE_UPSTREAM_MAX_CONCURRENT", "0");
        String message = assertThrows(IllegalArgumentException.class, this::resolve).getMessage();
        assertTrue(message.contains("upstream-url='ftp://"), message);
        assertTrue(message.contains("upstream-idle-timeout='30s': must be an ISO-8601 duration"), message);
        assertTrue(message.contains("upstream-max-concurrent='0'"), message);
        assertFalse(message.contains("pa55w0rd"), message);
    }

    @Test
    void concurrencyAndStreamLifetimeHaveSafeDefaultsAndAreChecked() {
        GatewayConfig defaults = resolve();
        assertEquals(200, defaults.maxConcurrent());
        assertEquals(Duration.ofHours(1), defaults.maxStreamLifetime());
        systemProperties.put("mcpgate.upstream-max-concurrent", "16");
        systemProperties.put("mcpgate.upstream-max-stream-lifetime", "PT10M");
        assertEquals(16, resolve().maxConcurrent());
        assertEquals(Duration.ofMinutes(10), resolve().maxStreamLifetime());
        for (String bad : new String[] {"0", "-1", "lots", "10001"}) {
            systemProperties.put("mcpgate.upstream-max-concurrent", bad);
            assertTrue(assertThrows(IllegalArgumentException.class, this::resolve).getMessage()
                    .contains("upstream-max-concurrent='" + bad + "': must be a whole number from 1 to 10000"), bad);
        }
        systemProperties.put("mcpgate.upstream-max-concurrent", "16");
        systemProperties.put("mcpgate.upstream-max-stream-lifetime", "PT0S");
        assertTrue(assertThrows(IllegalArgumentException.class, this::resolve).getMessage()
                .contains("upstream-max-stream-lifetime='PT0S'"));
    }

    @Test
    void upstreamClientDefaultsToApacheAndIsOneOfTheNamedLibraries() {
        assertEquals(UpstreamClientKind.APACHE, resolve().client());
        contextParams.put("dev.mcpgate.gateway.upstream-client", "jdk");
        assertEquals(UpstreamClientKind.JDK, resolve().client());
        contextParams.put("dev.mcpgate.gateway.upstream-client", "Apache");
        assertEquals(UpstreamClientKind.APACHE, resolve().client());
        contextParams.put("dev.mcpgate.gateway.upstream-client", "okhttp");
        assertTrue(assertThrows(IllegalArgumentException.class, this::resolve).getMessage()
                .contains("upstream-client='okhttp': must be one of jdk, apache, jetty"));
        contextParams.put("dev.mcpgate.gateway.upstream-client", "jetty");
        assertEquals(UpstreamClientKind.JETTY, resolve().client());
    }

    /** The gateway's short names are mcpgate.<name> and MCPGATE_<NAME>, as the filter's: a shared key would be read by both. */
    @Test
    void noGatewayKeyIsAFilterKey() {
        for (GatewaySetting setting : GatewaySetting.values()) {
            assertTrue(dev.mcpgate.Setting.byKey(setting.key()).isEmpty(), setting.key() + " is also a filter setting");
        }
    }
}
