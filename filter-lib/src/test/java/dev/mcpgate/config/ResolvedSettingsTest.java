package dev.mcpgate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The one resolver, with small vocabularies of each family. */
class ResolvedSettingsTest {

    enum FilterKnobs implements SettingDefinition {
        WIDTH("width", "10"), PAUSE("pause", "PT1S"), HEARTBEAT("heartbeat", "PT30S");

        private final String key;
        private final String defaultValue;

        FilterKnobs(String key, String defaultValue) {
            this.key = key;
            this.defaultValue = defaultValue;
        }

        @Override
        public SettingFamily family() {
            return SettingFamily.FILTER;
        }

        @Override
        public String key() {
            return key;
        }

        @Override
        public String defaultValue() {
            return defaultValue;
        }

        @Override
        public String description() {
            return key;
        }
    }

    enum GatewayKnobs implements SettingDefinition {
        UPSTREAM_URL("upstream-url", "");

        private final String key;
        private final String defaultValue;

        GatewayKnobs(String key, String defaultValue) {
            this.key = key;
            this.defaultValue = defaultValue;
        }

        @Override
        public SettingFamily family() {
            return SettingFamily.GATEWAY;
        }

        @Override
        public String key() {
            return key;
        }

        @Override
        public String defaultValue() {
            return defaultValue;
        }

        @Override
        public String description() {
            return key;
        }

        @Override
        public String shown(String value) {
            return "(hidden)";
        }
    }

    enum LauncherKnobs implements SettingDefinition {
        PORT;

        @Override
        public SettingFamily family() {
            return SettingFamily.LAUNCHER;
        }

        @Override
        public String key() {
            return "port";
        }

        @Override
        public String defaultValue() {
            return "8080";
        }

        @Override
        public String description() {
            return "port";
        }
    }

    /** Sources of maps. */
    static final class Maps implements SettingSources {
        final Map<String, String> init = new HashMap<>();
        final Map<String, String> context = new HashMap<>();
        final Map<String, String> system = new HashMap<>();
        final Map<String, String> environment = new HashMap<>();

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
    }

    @Test
    void namesAreDerivedFromFamilyAndKey() {
        assertEquals("dev.mcpgate.width", FilterKnobs.WIDTH.contextParam());
        assertEquals(List.of("mcpgate.width"), FilterKnobs.WIDTH.systemProperties());
        assertEquals(List.of("MCPGATE_WIDTH"), FilterKnobs.WIDTH.environmentVariables());
        assertEquals("dev.mcpgate.gateway.upstream-url", GatewayKnobs.UPSTREAM_URL.contextParam());
        assertEquals(List.of("mcpgate.gateway.upstream-url", "mcpgate.upstream-url"),
                GatewayKnobs.UPSTREAM_URL.systemProperties());
        assertEquals(List.of("MCPGATE_GATEWAY_UPSTREAM_URL", "MCPGATE_UPSTREAM_URL"),
                GatewayKnobs.UPSTREAM_URL.environmentVariables());
        assertNull(LauncherKnobs.PORT.contextParam());
        assertEquals(List.of("MCPGATE_PORT"), LauncherKnobs.PORT.environmentVariables());
    }

    @Test
    void initParamThenContextParamThenSystemPropertyThenEnvironmentThenDefault() {
        Maps sources = new Maps();
        assertEquals("10", ResolvedSettings.resolve(FilterKnobs.class, sources).raw(FilterKnobs.WIDTH));
        sources.environment.put("MCPGATE_WIDTH", "1");
        assertEquals("1", ResolvedSettings.resolve(FilterKnobs.class, sources).raw(FilterKnobs.WIDTH));
        sources.system.put("mcpgate.width", "2");
        assertEquals("2", ResolvedSettings.resolve(FilterKnobs.class, sources).raw(FilterKnobs.WIDTH));
        sources.context.put("dev.mcpgate.width", "3");
        assertEquals("3", ResolvedSettings.resolve(FilterKnobs.class, sources).raw(FilterKnobs.WIDTH));
        sources.init.put("width", "4");
        ResolvedSettings<FilterKnobs> settings = ResolvedSettings.resolve(FilterKnobs.class, sources);
        assertEquals(4, settings.positiveInt(FilterKnobs.WIDTH));
        assertEquals("init-param width", settings.origin(FilterKnobs.WIDTH));
        assertEquals("default", settings.origin(FilterKnobs.PAUSE));
        assertTrue(settings.problems().isEmpty(), settings.problems().toString());
    }

    @Test
    void theGatewaysOwnNamesWinOverTheShortOnesThatWorkedFirst() {
        Maps sources = new Maps();
        sources.environment.put("MCPGATE_UPSTREAM_URL", "http://short-env");
        assertEquals("http://short-env", ResolvedSettings.value(GatewayKnobs.UPSTREAM_URL, sources));
        sources.environment.put("MCPGATE_GATEWAY_UPSTREAM_URL", "http://env");
        assertEquals("http://env", ResolvedSettings.value(GatewayKnobs.UPSTREAM_URL, sources));
        sources.system.put("mcpgate.upstream-url", "http://short-property");
        assertEquals("http://short-property", ResolvedSettings.value(GatewayKnobs.UPSTREAM_URL, sources));
        sources.system.put("mcpgate.gateway.upstream-url", "http://property");
        assertEquals("http://property", ResolvedSettings.value(GatewayKnobs.UPSTREAM_URL, sources));
        sources.context.put("dev.mcpgate.gateway.upstream-url", "http://context");
        assertEquals("http://context", ResolvedSettings.value(GatewayKnobs.UPSTREAM_URL, sources));
        sources.init.put("upstream-url", "http://init");
        assertEquals("http://context", ResolvedSettings.value(GatewayKnobs.UPSTREAM_URL, sources),
                "only the filter has init-params");
    }

    @Test
    void eachFamilyRefusesItsUnknownNamesAndLeavesTheOthersAlone() {
        Maps sources = new Maps();
        sources.init.put("widht", "4");
        sources.context.put("dev.mcpgate.pasue", "PT2S");
        sources.context.put("dev.mcpgate.nested.name", "x");
        sources.context.put("dev.mcpgate.gateway.upstream-ulr", "http://typo");
        sources.context.put("dev.mcpgate.gateway.upstream-url", "http://context");
        sources.context.put("jakarta.faces.PROJECT_STAGE", "Development");
        sources.system.put("mcpgate.anything", "not checked: shared by every component of the JVM");
        List<String> filter = ResolvedSettings.resolve(FilterKnobs.class, sources).problems();
        assertEquals(List.of("unknown context-param 'dev.mcpgate.nested.name'",
                "unknown context-param 'dev.mcpgate.pasue'", "unknown init-param 'widht'"),
                filter.stream().sorted().toList());
        List<String> gateway = ResolvedSettings.resolve(GatewayKnobs.class, sources).problems();
        assertEquals(List.of("unknown context-param 'dev.mcpgate.gateway.upstream-ulr'"), gateway);
        assertTrue(ResolvedSettings.resolve(LauncherKnobs.class, sources).problems().isEmpty());
    }

    @Test
    void everyProblemIsNamedInOneMessage() {
        Maps sources = new Maps();
        sources.init.put("width", "0");
        sources.init.put("pause", "1s");
        sources.init.put("colour", "red");
        ResolvedSettings<FilterKnobs> settings = ResolvedSettings.resolve(FilterKnobs.class, sources);
        assertEquals(10, settings.positiveInt(FilterKnobs.WIDTH), "the default, once the problem is noted");
        assertEquals(Duration.ofSeconds(1), settings.duration(FilterKnobs.PAUSE));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> settings.throwIfProblems("McpGate configuration of filter 'f'"));
        assertEquals("McpGate configuration of filter 'f' is invalid: unknown init-param 'colour'; "
                + "width='0': must be greater than 0 (init-param width); "
                + "pause='1s': must be an ISO-8601 duration (e.g. PT30M) (init-param pause)",
                e.getMessage());
    }

    @Test
    void aSecretValueIsShownAsTheSettingSays() {
        Maps sources = new Maps();
        sources.system.put("mcpgate.upstream-url", "http://user:s3cret@host/mcp");
        ResolvedSettings<GatewayKnobs> settings = ResolvedSettings.resolve(GatewayKnobs.class, sources);
        settings.parse(GatewayKnobs.UPSTREAM_URL, value -> {
            if (!value.isEmpty()) {
                throw new IllegalArgumentException("refused");
            }
            return value;
        });
        assertEquals(List.of("upstream-url='(hidden)': refused (system property mcpgate.upstream-url)"),
                settings.problems());
    }

    @Test
    void anEmptyValueIsAValueButNotForTheLauncher() {
        Maps sources = new Maps();
        sources.system.put("mcpgate.heartbeat", "");
        sources.environment.put("MCPGATE_HEARTBEAT", "PT5S");
        assertNull(ResolvedSettings.resolve(FilterKnobs.class, sources).optionalDuration(FilterKnobs.HEARTBEAT),
                "heartbeat= turns it off");
        Properties system = new Properties();
        system.setProperty("mcpgate.port", " ");
        ResolvedSettings<LauncherKnobs> launcher = ResolvedSettings.resolve(LauncherKnobs.class,
                SettingSources.of(system, Map.of("MCPGATE_PORT", "9090")));
        assertEquals("9090", launcher.text(LauncherKnobs.PORT));
        assertFalse(ResolvedSettings.resolve(LauncherKnobs.class, SettingSources.of(system, Map.of()))
                .isSet(LauncherKnobs.PORT));
    }

    @Test
    void aContextParamBelongsToTheFamilyWithTheLongestPrefix() {
        assertEquals("queue-capacity", SettingFamily.FILTER.keyOfContextParam("dev.mcpgate.queue-capacity"));
        assertNull(SettingFamily.FILTER.keyOfContextParam("dev.mcpgate.gateway.upstream-url"));
        assertEquals("upstream-url", SettingFamily.GATEWAY.keyOfContextParam("dev.mcpgate.gateway.upstream-url"));
        assertNull(SettingFamily.GATEWAY.keyOfContextParam("dev.mcpgate.queue-capacity"));
        assertNull(SettingFamily.LAUNCHER.keyOfContextParam("dev.mcpgate.port"));
    }
}
