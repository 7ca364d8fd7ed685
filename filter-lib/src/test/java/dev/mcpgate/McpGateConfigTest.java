package dev.mcpgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class McpGateConfigTest {

    /** Settings sources backed by maps, as a web.xml and the JVM would give them. */
    private static final class MapSources implements McpGateConfig.Sources {
        final Map<String, String> init = new HashMap<>();
        final Map<String, String> context = new HashMap<>();
        final Map<String, String> system = new HashMap<>();

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
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        McpGateConfig config = McpGateConfig.defaults("McpSessionFilter");
        assertTrue(config.enabled());
        assertEquals("McpSessionFilter", config.endpointName());
        assertEquals(SessionMode.OBSERVE, config.mode());
        assertEquals(1024 * 1024, config.maxRequestCapture());
        assertEquals(4 * 1024 * 1024, config.maxSseLine());
        assertEquals(10_000, config.queueCapacity());
        assertEquals(Duration.ofMinutes(30), config.sessionIdleTimeout());
        assertEquals(Duration.ofHours(24), config.sessionAbsoluteTimeout());
        assertFalse(config.logExchanges());
        assertFalse(config.ownExecutorOnly());
    }

    @Test
    void unknownInitParamFailsNamingIt() {
        MapSources sources = new MapSources();
        sources.init.put("queue-capacty", "10");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> McpGateConfig.resolve("f", sources));
        assertTrue(e.getMessage().contains("unknown init-param 'queue-capacty'"), e.getMessage());
    }

    @Test
    void unknownMcpGateContextParamFailsButForeignOnesAreIgnored() {
        MapSources sources = new MapSources();
        sources.context.put("dev.mcpgate.nonsense", "1");
        sources.context.put("jakarta.faces.PROJECT_STAGE", "Development");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> McpGateConfig.resolve("f", sources));
        assertTrue(e.getMessage().contains("unknown context-param 'dev.mcpgate.nonsense'"), e.getMessage());
        assertFalse(e.getMessage().contains("PROJECT_STAGE"), e.getMessage());
    }

    @Test
    void contextParamsOfOtherMcpGateComponentsAreLeftToThem() {
        MapSources sources = new MapSources();
        sources.context.put("dev.mcpgate.gateway.upstream-url", "http://localhost:3000/mcp");
        assertEquals("f", McpGateConfig.resolve("f", sources).endpointName());
    }

    @Test
    void everyInvalidValueIsNamedInOneMessage() {
        MapSources sources = new MapSources();
        sources.init.put("queue-capacity", "0");
        sources.init.put("dispatch-interval", "100ms");
        sources.init.put("max-request-capture", "1GB");
        sources.init.put("enabled", "yes");
        sources.init.put("batch-size", "many");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> McpGateConfig.resolve("f", sources));
        String message = e.getMessage();
        assertTrue(message.contains("queue-capacity='0': must be greater than 0"), message);
        assertTrue(message.contains("dispatch-interval='100ms': must be an ISO-8601 duration"), message);
        assertTrue(message.contains("max-request-capture='1GB'"), message);
        assertTrue(message.contains("enabled='yes': must be true or false"), message);
        assertTrue(message.contains("batch-size='many': must be a whole number greater than 0"), message);
    }

    @Test
    void initParamWinsOverContextParamWhichWinsOverSystemProperty() {
        MapSources sources = new MapSources();
        sources.system.put("mcpgate.batch-size", "7");
        sources.system.put("mcpgate.queue-capacity", "70");
        sources.system.put("mcpgate.max-sessions", "700");
        sources.context.put("dev.mcpgate.batch-size", "8");
        sources.context.put("dev.mcpgate.queue-capacity", "80");
        sources.init.put("batch-size", "9");
        McpGateConfig config = McpGateConfig.resolve("f", sources);
        assertEquals(9, config.batchSize());
        assertEquals(80, config.queueCapacity());
        assertEquals(700, config.maxSessions());
    }

    @Test
    void catalogueMemoryMustHoldOneAnswerAndVersionsToKeepArePositive() {
        McpGateConfig defaults = McpGateConfig.defaults("f");
        assertEquals(32 * 1024 * 1024, defaults.schemaMaxMemory());
        assertEquals(100, defaults.schemaKeepVersions());
        MapSources sources = new MapSources();
        sources.init.put("schema-max-memory", "1MiB");
        sources.init.put("schema-max-capture", "2MiB");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> McpGateConfig.resolve("f", sources));
        assertTrue(e.getMessage().contains("schema-max-memory must not be smaller than schema-max-capture"),
                e.getMessage());
        sources.init.put("schema-max-capture", "1MiB");
        sources.init.put("schema-keep-versions", "0");
        e = assertThrows(IllegalArgumentException.class, () -> McpGateConfig.resolve("f", sources));
        assertTrue(e.getMessage().contains("schema-keep-versions='0': must be greater than 0"), e.getMessage());
        sources.init.put("schema-keep-versions", "5");
        assertEquals(5, McpGateConfig.resolve("f", sources).schemaKeepVersions());
    }

    @Test
    void sizesTakeKibAndMibSuffixes() {
        MapSources sources = new MapSources();
        sources.init.put("max-request-capture", "64KiB");
        sources.init.put("max-response-capture", "2MiB");
        sources.init.put("max-sse-line", "1000");
        McpGateConfig config = McpGateConfig.resolve("f", sources);
        assertEquals(64 * 1024, config.maxRequestCapture());
        assertEquals(2 * 1024 * 1024, config.maxResponseCapture());
        assertEquals(1000, config.maxSseLine());
    }

    @Test
    void plannedModesFailDeploymentRatherThanSilentlyObserving() {
        MapSources sources = new MapSources();
        sources.init.put("mode", "own");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> McpGateConfig.resolve("f", sources));
        assertTrue(e.getMessage().contains("mode='own': must be one of observe"), e.getMessage());
    }

    @Test
    void executorNoneMeansTheFiltersOwnThread() {
        MapSources sources = new MapSources();
        sources.context.put("dev.mcpgate.executor", "none");
        sources.context.put("dev.mcpgate.endpoint-name", " weather ");
        McpGateConfig config = McpGateConfig.resolve("f", sources);
        assertTrue(config.ownExecutorOnly());
        assertEquals("weather", config.endpointName());
    }
}
