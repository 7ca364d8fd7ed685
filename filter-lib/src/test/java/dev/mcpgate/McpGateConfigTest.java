package dev.mcpgate;

import dev.mcpgate.event.Violation;
import dev.mcpgate.guard.GuardLevel;
import dev.mcpgate.guard.GuardLevels;
import dev.mcpgate.guard.RequestGuard;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mcpgate.redact.SessionIdDisplay;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class McpGateConfigTest {


    @Test
    void defaultsAreTheDocumentedOnes() {
        McpGateConfig config = McpGateConfig.defaults("McpSessionFilter");
        assertTrue(config.enabled());
        assertEquals("McpSessionFilter", config.endpointName());
        assertEquals(SessionMode.OBSERVE, config.sessions().mode());
        assertEquals(1024 * 1024, config.capture().maxRequest());
        assertEquals(4 * 1024 * 1024, config.capture().maxSseLine());
        assertEquals(10_000, config.dispatch().queueCapacity());
        assertEquals(Duration.ofMinutes(30), config.sessions().idleTimeout());
        assertEquals(Duration.ofHours(24), config.sessions().absoluteTimeout());
        assertFalse(config.logging().exchanges());
        assertFalse(config.dispatch().ownExecutorOnly());
    }

    @Test
    void eachCheckWithALevelHasOneGuardSettingThatSetsOnlyIt() {
        Set<Violation> named = EnumSet.noneOf(Violation.class);
        for (Setting setting : Setting.values()) {
            Violation check = setting.guardCheck();
            if (check == null) {
                continue;
            }
            assertTrue(named.add(check), check + " is named by two settings");
            assertEquals("guard-", setting.key().substring(0, "guard-".length()), setting.key());
            MapSources sources = new MapSources();
            sources.init.put("guard", "report");
            sources.init.put(setting.key(), "off");
            GuardLevels levels = McpGateConfig.resolve("f", sources).guard().levels();
            for (Violation other : GuardLevels.CHECKS) {
                assertEquals(other == check ? GuardLevel.OFF : GuardLevel.REPORT, levels.level(other),
                        setting.key() + "=off, level of " + other);
            }
        }
        assertEquals(GuardLevels.CHECKS, named, "the checks with a level and those a guard-<check> setting names");
    }

    @Test
    void cataloguePinningIsOffByDefaultAndHidesNewToolsWhenOn() {
        assertFalse(McpGateConfig.defaults("f").pinning().enforced());
        MapSources sources = new MapSources();
        sources.init.put("catalogue-pinning", "enforce");
        McpGateConfig config = McpGateConfig.resolve("f", sources);
        assertTrue(config.pinning().enforced());
        assertEquals(dev.mcpgate.pin.NewItems.HIDE, config.pinning().newItems());
    }

    @Test
    void theBridgeIsOffByDefaultAndItsSettingsAreParsedIntoTheTranslatorsSettings() {
        McpGateConfig.Bridge off = McpGateConfig.defaults("f").bridge();
        assertFalse(off.enabled());
        assertEquals(dev.mcpgate.bridge.BridgeSettings.defaults(), off.settings());
        assertEquals(null, off.upstreamUrl(), "the loopback");
        assertEquals(16, off.threads());
        MapSources sources = new MapSources();
        sources.init.put("bridge", "on");
        sources.init.put("bridge-upstream-era", "modern");
        sources.init.put("bridge-upstream-url", "http://10.0.0.7:8080/mcp");
        sources.init.put("bridge-list-ttl", "PT5M");
        sources.init.put("bridge-cache-scope", "public");
        sources.init.put("bridge-max-sessions", "7");
        sources.init.put("bridge-threads", "3");
        sources.init.put("bridge-max-streams", "40");
        McpGateConfig.Bridge on = McpGateConfig.resolve("f", sources).bridge();
        assertTrue(on.enabled());
        assertEquals(dev.mcpgate.bridge.UpstreamEra.MODERN, on.settings().upstreamEra());
        assertEquals(java.net.URI.create("http://10.0.0.7:8080/mcp"), on.upstreamUrl());
        assertEquals(java.time.Duration.ofMinutes(5), on.settings().listTtl());
        assertEquals(dev.mcpgate.bridge.CacheScope.PUBLIC, on.settings().cacheScope());
        assertEquals(7, on.settings().maxSessions());
        assertEquals(3, on.threads());
        assertEquals(40, on.maxStreams());
    }

    @Test
    void invalidBridgeSettingsFailNamingThem() {
        MapSources sources = new MapSources();
        sources.init.put("bridge", "yes");
        sources.init.put("bridge-upstream-era", "2026");
        sources.init.put("bridge-upstream-url", "ftp://x/mcp");
        sources.init.put("bridge-cache-scope", "shared");
        sources.init.put("bridge-threads", "0");
        sources.init.put("bridge-max-streams", "-1");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> McpGateConfig.resolve("f", sources));
        for (String named : java.util.List.of("bridge='yes': must be on or off",
                "bridge-upstream-era='2026': must be one of [auto, legacy, modern]",
                "bridge-upstream-url='ftp://x/mcp': must be empty or an absolute URL of the http or https scheme",
                "bridge-cache-scope='shared': must be one of [private, public]", "bridge-threads='0'",
                "bridge-max-streams='-1'")) {
            assertTrue(e.getMessage().contains(named), named + " in " + e.getMessage());
        }
    }

    @Test
    void anInvalidPinningSettingOrPinningWithoutHistoryFailsNamingIt() {
        MapSources sources = new MapSources();
        sources.init.put("catalogue-pinning", "strict");
        sources.init.put("pinning-new-items", "maybe");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> McpGateConfig.resolve("f", sources));
        assertTrue(e.getMessage().contains("catalogue-pinning") && e.getMessage().contains("must be off or enforce"),
                e.getMessage());
        assertTrue(e.getMessage().contains("pinning-new-items") && e.getMessage().contains("must be hide or show"),
                e.getMessage());
        MapSources withoutHistory = new MapSources();
        withoutHistory.init.put("catalogue-pinning", "enforce");
        withoutHistory.init.put("schema-history", "false");
        e = assertThrows(IllegalArgumentException.class, () -> McpGateConfig.resolve("f", withoutHistory));
        assertTrue(e.getMessage().contains("catalogue-pinning=enforce needs schema-history=true"), e.getMessage());
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
    void aDottedMcpGateContextParamThatNoComponentOwnsFailsNamingIt() {
        MapSources sources = new MapSources();
        sources.context.put("dev.mcpgate.store.jdbc-url", "jdbc:postgresql://db/mcp"); // meant store-jdbc-url
        sources.context.put("dev.mcpgate.gateway.upstream-url", "http://localhost:3000/mcp");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> McpGateConfig.resolve("f", sources));
        assertTrue(e.getMessage().contains("unknown context-param 'dev.mcpgate.store.jdbc-url'"), e.getMessage());
        assertFalse(e.getMessage().contains("gateway"), e.getMessage());
    }

    @Test
    void unknownNamesAndInvalidValuesAreNamedInOneMessage() {
        MapSources sources = new MapSources();
        sources.init.put("queue-capacty", "10");
        sources.context.put("dev.mcpgate.bach-size", "10");
        sources.system.put("mcpgate.dispatch-interval", "100ms");
        sources.environment.put("MCPGATE_MAX_SESSIONS", "-1");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> McpGateConfig.resolve("f", sources));
        String message = e.getMessage();
        assertTrue(message.startsWith("McpGate configuration of filter 'f' is invalid: "), message);
        for (String problem : new String[] {"unknown init-param 'queue-capacty'",
                "unknown context-param 'dev.mcpgate.bach-size'", "dispatch-interval='100ms'", "max-sessions='-1'"}) {
            assertTrue(message.contains(problem), problem + " in " + message);
        }
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
    void tracingIsAutoByDefaultAndAnyOtherValueThanAutoOnOffFailsNamingIt() {
        assertEquals(dev.mcpgate.trace.TracingMode.AUTO, McpGateConfig.defaults("f").tracing().mode());
        MapSources sources = new MapSources();
        sources.init.put("tracing", "true");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> McpGateConfig.resolve("f", sources));
        assertTrue(e.getMessage().contains("tracing='true': must be one of auto, on, off"), e.getMessage());
    }

    @Test
    void noRulesFileByDefaultAndTheCheckIntervalMayBeZeroButNotNegative() {
        McpGateConfig.Rules rules = McpGateConfig.defaults("f").rules();
        assertFalse(rules.enabled());
        assertEquals(Duration.ofSeconds(2), rules.checkInterval());
        MapSources sources = new MapSources();
        sources.init.put("rules-file", "/etc/mcpgate/rules.yaml");
        sources.init.put("rules-check-interval", "PT0S");
        assertEquals(new McpGateConfig.Rules("/etc/mcpgate/rules.yaml", Duration.ZERO),
                McpGateConfig.resolve("f", sources).rules());
        sources.init.put("rules-check-interval", "-PT1S");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> McpGateConfig.resolve("f", sources));
        assertTrue(e.getMessage().contains("rules-check-interval='-PT1S': must be longer than zero"), e.getMessage());
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
        assertEquals(9, config.dispatch().batchSize());
        assertEquals(80, config.dispatch().queueCapacity());
        assertEquals(700, config.sessions().max());
    }

    @Test
    void catalogueMemoryMustHoldTwiceTheLargestAnswerAndVersionsToKeepArePositive() {
        McpGateConfig defaults = McpGateConfig.defaults("f");
        assertEquals(32 * 1024 * 1024, defaults.catalogue().maxMemory());
        assertEquals(100, defaults.catalogue().keepVersions());
        MapSources sources = new MapSources();
        McpGateConfig resolvedDefaults = McpGateConfig.resolve("f", sources); // 32 MiB for answers of 4 MiB
        assertEquals(32 * 1024 * 1024, resolvedDefaults.catalogue().maxMemory());
        sources.init.put("schema-max-memory", "6MiB");
        sources.init.put("schema-max-capture", "4MiB"); // one answer fits, but not in the paginations' half
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> McpGateConfig.resolve("f", sources));
        assertTrue(e.getMessage().contains("schema-max-memory must be at least twice schema-max-capture"),
                e.getMessage());
        sources.init.put("schema-max-memory", "8MiB");
        assertEquals(8 * 1024 * 1024, McpGateConfig.resolve("f", sources).catalogue().maxMemory());
        sources.init.put("schema-max-memory", "1MiB");
        sources.init.put("schema-max-capture", "512KiB");
        sources.init.put("schema-keep-versions", "0");
        e = assertThrows(IllegalArgumentException.class, () -> McpGateConfig.resolve("f", sources));
        assertTrue(e.getMessage().contains("schema-keep-versions='0': must be greater than 0"), e.getMessage());
        sources.init.put("schema-keep-versions", "5");
        assertEquals(5, McpGateConfig.resolve("f", sources).catalogue().keepVersions());
    }

    @Test
    void sizesTakeKibAndMibSuffixes() {
        MapSources sources = new MapSources();
        sources.init.put("max-request-capture", "64KiB");
        sources.init.put("max-response-capture", "2MiB");
        sources.init.put("max-sse-line", "1000");
        McpGateConfig config = McpGateConfig.resolve("f", sources);
        assertEquals(64 * 1024, config.capture().maxRequest());
        assertEquals(2 * 1024 * 1024, config.capture().maxResponse());
        assertEquals(1000, config.capture().maxSseLine());
    }

    @Test
    void plannedModesFailDeploymentRatherThanSilentlyObserving() {
        MapSources sources = new MapSources();
        sources.init.put("mode", "virtual");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> McpGateConfig.resolve("f", sources));
        assertTrue(e.getMessage().contains("mode='virtual': must be one of observe, own"), e.getMessage());
    }

    @Test
    void ownModeEndsSessionsAfterFourHoursUnlessTheAbsoluteTimeoutIsSet() {
        MapSources sources = new MapSources();
        sources.init.put("mode", "own");
        McpGateConfig own = McpGateConfig.resolve("f", sources);
        assertEquals(SessionMode.OWN, own.sessions().mode());
        assertEquals(Duration.ofHours(4), own.sessions().absoluteTimeout());
        assertEquals(Duration.ofMinutes(30), own.sessions().idleTimeout());
        sources.init.put("session-absolute-timeout", "PT2H");
        assertEquals(Duration.ofHours(2), McpGateConfig.resolve("f", sources).sessions().absoluteTimeout());
        sources.init.put("session-absolute-timeout", "2h");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> McpGateConfig.resolve("f", sources));
        assertTrue(e.getMessage().contains("session-absolute-timeout='2h': must be an ISO-8601 duration"),
                e.getMessage());
    }

    @Test
    void sessionStoreNamesAClassAndIsEmptyByDefault() {
        MapSources sources = new MapSources();
        assertEquals("", McpGateConfig.resolve("f", sources).sessions().storeClass());
        sources.context.put("dev.mcpgate.session-store", " com.example.HazelcastSessionStore ");
        assertEquals("com.example.HazelcastSessionStore", McpGateConfig.resolve("f", sources).sessions().storeClass());
    }

    @Test
    void executorNoneMeansTheFiltersOwnThread() {
        MapSources sources = new MapSources();
        sources.context.put("dev.mcpgate.executor", "none");
        sources.context.put("dev.mcpgate.endpoint-name", " weather ");
        McpGateConfig config = McpGateConfig.resolve("f", sources);
        assertTrue(config.dispatch().ownExecutorOnly());
        assertEquals("weather", config.endpointName());
    }

    @Test
    void environmentVariableIsTheLastSourceBeforeTheDefault() {
        MapSources sources = new MapSources();
        sources.environment.put("MCPGATE_QUEUE_CAPACITY", "7");
        sources.environment.put("MCPGATE_STORE_PASSWORD", "from-env");
        sources.environment.put("MCPGATE_LOG_EXCHANGES", "true");
        sources.system.put("mcpgate.log-exchanges", "false");
        McpGateConfig config = McpGateConfig.resolve("f", sources);
        assertEquals(7, config.dispatch().queueCapacity());
        assertEquals("from-env", config.store().password());
        assertFalse(config.logging().exchanges(), "a system property wins over the environment");
        assertEquals("MCPGATE_STORE_PASSWORD_FILE", Setting.STORE_PASSWORD_FILE.environmentVariable());
    }

    @Test
    void invalidEnvironmentValueFailsNamingTheSetting() {
        MapSources sources = new MapSources();
        sources.environment.put("MCPGATE_QUEUE_CAPACITY", "many");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> McpGateConfig.resolve("f", sources));
        assertTrue(e.getMessage().contains("queue-capacity='many'"), e.getMessage());
    }

    @Test
    void storePasswordFromAFileLessItsFinalLineBreak(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("db-password");
        Files.writeString(file, "s3cret with space \n", StandardCharsets.UTF_8);
        MapSources sources = new MapSources();
        sources.context.put("dev.mcpgate.store-password-file", file.toString());
        assertEquals("s3cret with space ", McpGateConfig.resolve("f", sources).store().password());

        sources.context.remove("dev.mcpgate.store-password-file");
        sources.environment.put("MCPGATE_STORE_PASSWORD_FILE", file.toString());
        assertEquals("s3cret with space ", McpGateConfig.resolve("f", sources).store().password());
    }

    @Test
    void unreadableEmptyOrDoublyGivenPasswordFileFailsNamingTheFile(@TempDir Path dir) throws IOException {
        MapSources sources = new MapSources();
        Path missing = dir.resolve("missing");
        sources.init.put("store-password-file", missing.toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> McpGateConfig.resolve("f", sources));
        assertTrue(e.getMessage().contains("store-password-file='" + missing + "': cannot be read (NoSuchFileException)"),
                e.getMessage());

        Path empty = Files.writeString(dir.resolve("empty"), "\r\n");
        sources.init.put("store-password-file", empty.toString());
        e = assertThrows(IllegalArgumentException.class, () -> McpGateConfig.resolve("f", sources));
        assertTrue(e.getMessage().contains("the file is empty"), e.getMessage());

        Path good = Files.writeString(dir.resolve("good"), "from-file");
        sources.init.put("store-password-file", good.toString());
        sources.system.put("mcpgate.store-password", "from-property");
        e = assertThrows(IllegalArgumentException.class, () -> McpGateConfig.resolve("f", sources));
        assertTrue(e.getMessage().contains("set store-password or store-password-file, not both"), e.getMessage());
        assertFalse(e.getMessage().contains("from-property") || e.getMessage().contains("from-file"), e.getMessage());
    }

    @Test
    void toStringShowsNoPassword() {
        MapSources sources = new MapSources();
        sources.init.put("store-password", "s3cret");
        sources.init.put("store-jdbc-url", "jdbc:postgresql://db/mcp?user=mcp&password=url-secret");
        String text = McpGateConfig.resolve("f", sources).toString();
        assertFalse(text.contains("s3cret") || text.contains("url-secret"), text);
        assertTrue(text.contains("password=***") && text.contains("queueCapacity=10000"), text);
    }

    @Test
    void sessionIdsAreFingerprintsUnlessFullIsAskedFor() {
        assertEquals(SessionIdDisplay.FINGERPRINT, McpGateConfig.defaults("f").logging().sessionIds());
        MapSources sources = new MapSources();
        sources.init.put("log-session-ids", "full");
        assertEquals(SessionIdDisplay.FULL, McpGateConfig.resolve("f", sources).logging().sessionIds());
        sources.init.put("log-session-ids", "none");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> McpGateConfig.resolve("f", sources));
        assertTrue(e.getMessage().contains("log-session-ids='none': must be one of fingerprint, full"), e.getMessage());
    }

    @Test
    void guardListsAndBodyLimitAreParsedAndABadEntryFailsNamingTheSetting() {
        McpGateConfig defaults = McpGateConfig.defaults("f");
        assertEquals(4 * 1024 * 1024, defaults.guard().maxRequestBody());
        assertTrue(defaults.guard().allowedHosts().allows("localhost:18181", 80));
        assertFalse(defaults.guard().allowedHosts().allows("evil.example.com", 80));
        assertTrue(defaults.guard().allowedOrigins().allows("http://127.0.0.1:6274"));
        MapSources sources = new MapSources();
        sources.init.put("allowed-hosts", "mcp.example.com:443, *.internal.example");
        sources.init.put("allowed-origins", "https://app.example.com");
        sources.init.put("max-request-body", "64KiB");
        McpGateConfig config = McpGateConfig.resolve("f", sources);
        assertTrue(config.guard().allowedHosts().allows("a.internal.example", 80));
        assertFalse(config.guard().allowedHosts().allows("localhost", 80), "the list replaces the default");
        assertTrue(config.guard().allowedOrigins().allows("https://app.example.com"));
        assertEquals(64 * 1024, config.guard().maxRequestBody());
        assertTrue(config.guard().requestGuard().isOn());
        sources.init.put("allowed-hosts", "http://mcp.example.com");
        sources.init.put("allowed-origins", "app.example.com");
        sources.init.put("max-request-body", "lots");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> McpGateConfig.resolve("f", sources));
        assertTrue(e.getMessage().contains("allowed-hosts='http://mcp.example.com': 'http://mcp.example.com' is not a host"),
                e.getMessage());
        assertTrue(e.getMessage().contains("allowed-origins='app.example.com'"), e.getMessage());
        assertTrue(e.getMessage().contains("max-request-body='lots'"), e.getMessage());
    }

    @Test
    void protocolVersionsAndSessionIdLengthBoundWhatTheGuardAccepts() {
        McpGateConfig defaults = McpGateConfig.defaults("f");
        assertEquals(128, defaults.guard().maxSessionIdLength());
        assertEquals(RequestGuard.KNOWN_VERSIONS, defaults.guard().protocolVersions());
        MapSources sources = new MapSources();
        sources.init.put("protocol-versions", "2025-11-25, 2027-01-15");
        sources.init.put("max-session-id-length", "512");
        sources.init.put("guard", "enforce");
        RequestGuard guard = McpGateConfig.resolve("f", sources).guard().requestGuard();
        assertNull(guard.checkVersion("2027-01-15", true, null), "a newer revision the server speaks");
        assertNotNull(guard.checkVersion("2025-06-18", false, null), "one the server does not");
        assertNull(guard.checkHeaders(false, "localhost", null, "j".repeat(300), 0), "a JWT-long session id");
        sources.init.put("protocol-versions", "2025-11-25,latest");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> McpGateConfig.resolve("f", sources));
        assertTrue(e.getMessage().contains("protocol-versions='2025-11-25,latest': 'latest' is not an MCP revision"),
                e.getMessage());
    }
}
