package dev.mcpgate.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mcpgate.McpGateConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The store settings: off by default, checked at init, and no store sink unless switched on. */
class StoreSettingsTest {

    static McpGateConfig config(Map<String, String> contextParams) {
        return McpGateConfig.resolve("f", new McpGateConfig.Sources() {
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
                return null;
            }
        });
    }

    @Test
    void storeIsOffByDefaultAndCreatesNoSink() {
        McpGateConfig config = McpGateConfig.defaults("f");
        assertFalse(config.store().enabled());
        assertEquals("none", config.store().kind());
        assertEquals(Duration.ofDays(30), config.store().retention());
        assertEquals(500, config.store().batchSize());
        assertNull(StoreSinks.create(config.storeSettings()));
    }

    @Test
    void storeSettingsAreParsed() {
        McpGateConfig config = config(Map.of("dev.mcpgate.store", "jpa",
                "dev.mcpgate.store-jdbc-url", "jdbc:postgresql://db/mcp",
                "dev.mcpgate.store-batch-size", "200",
                "dev.mcpgate.store-max-pending", "1000",
                "dev.mcpgate.store-retention", "P7D"));
        assertTrue(config.store().enabled());
        assertEquals("jdbc:postgresql://db/mcp", config.store().jdbcUrl());
        assertEquals(200, config.store().batchSize());
        assertEquals(1000, config.store().maxPending());
        assertEquals(Duration.ofDays(7), config.store().retention());
    }

    @Test
    void theStoreGetsTheParsedSettingsAndTheirTextHidesThePassword() {
        StoreSettings settings = config(Map.of("dev.mcpgate.store", "jpa",
                "dev.mcpgate.endpoint-name", "orders",
                "dev.mcpgate.store-jdbc-url", "jdbc:postgresql://db/mcp?password=url-secret",
                "dev.mcpgate.store-user", "gate",
                "dev.mcpgate.store-password", "s3cret-value",
                "dev.mcpgate.store-retry-backoff", "PT2S",
                "dev.mcpgate.schema-keep-versions", "7")).storeSettings();
        assertTrue(settings.enabled());
        assertEquals("orders", settings.endpointName());
        assertEquals("gate", settings.user());
        assertEquals("s3cret-value", settings.password());
        assertEquals(Duration.ofSeconds(2), settings.retryBackoff());
        assertEquals(7, settings.keepVersions());
        String text = settings.toString();
        assertFalse(text.contains("s3cret-value"), text);
        assertFalse(text.contains("url-secret"), text);
        assertTrue(text.contains("user=gate"), text);
    }

    @Test
    void invalidStoreSettingsFailNamingThem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> config(Map.of(
                "dev.mcpgate.store", "mysql", "dev.mcpgate.store-retention", "30 days")));
        assertTrue(e.getMessage().contains("store='mysql'"), e.getMessage());
        assertTrue(e.getMessage().contains("store-retention"), e.getMessage());
    }

    @Test
    void embeddedDerbyLivesInTheDataDirectory() {
        assertEquals(Path.of("/srv/data"), StoreSinks.dataDirectory("/srv/data"));
        String catalinaBase = System.getProperty("catalina.base");
        Path expected = catalinaBase != null ? Path.of(catalinaBase, "mcpgate-data")
                : Path.of(System.getProperty("java.io.tmpdir"), "mcpgate-data");
        assertEquals(expected, StoreSinks.dataDirectory(""));
    }

    @Test
    void retryBackoffDefaultsAndItsMaximumMayNotBeShorter() {
        McpGateConfig defaults = config(Map.of());
        assertEquals(Duration.ofMillis(250), defaults.store().retryBackoff());
        assertEquals(Duration.ofSeconds(30), defaults.store().retryBackoffMax());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> config(Map.of(
                "dev.mcpgate.store-retry-backoff", "PT10S", "dev.mcpgate.store-retry-backoff-max", "PT1S")));
        assertTrue(e.getMessage().contains("store-retry-backoff-max must not be shorter than store-retry-backoff"),
                e.getMessage());
    }
}
