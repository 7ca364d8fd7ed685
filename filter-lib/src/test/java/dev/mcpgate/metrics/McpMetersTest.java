package dev.mcpgate.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mcpgate.event.EndReason;
import dev.mcpgate.event.EventBatch;
import dev.mcpgate.event.McpEvent;
import dev.mcpgate.event.Outcome;
import dev.mcpgate.event.RequestCompleted;
import dev.mcpgate.event.SchemaChanged;
import dev.mcpgate.event.SessionEnded;
import dev.mcpgate.event.Violation;
import dev.mcpgate.protocol.ClientIdentity;
import dev.mcpgate.protocol.Era;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class McpMetersTest {

    private static final List<String> VERSIONS = List.of("2025-06-18", "2025-11-25");
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final McpMeters meters = new McpMeters(registry, "weather", 3, VERSIONS);

    static RequestCompleted exchange(String method, String target, Outcome outcome, Integer code, long micros) {
        return exchange(method, target, outcome, code, micros, "2025-06-18", 200);
    }

    static RequestCompleted exchange(String method, String target, Outcome outcome, Integer code, long micros,
            String version, int status) {
        return new RequestCompleted("id", Instant.EPOCH, "weather", "s1", Era.LEGACY, version, "POST", status,
                method, "1", target, outcome, code, null, micros, 10, 20, (ClientIdentity) null, null, false, 1);
    }

    private void deliver(McpEvent... events) {
        meters.accept(new EventBatch(List.of(events)));
    }

    private Map<String, String> tags(Meter meter) {
        Map<String, String> tags = new TreeMap<>();
        for (Tag tag : meter.getId().getTags()) {
            tags.put(tag.getKey(), tag.getValue());
        }
        return tags;
    }

    private Timer operation(String key, String value) {
        return registry.find(McpMeters.OPERATION_DURATION).tag(key, value).timer();
    }

    private static RequestCompleted ruled(Outcome outcome, String rule) {
        return new RequestCompleted("id", Instant.EPOCH, "weather", "s1", Era.LEGACY, "2025-06-18", "POST",
                outcome == Outcome.BLOCKED ? 403 : 200, "tools/call", "1", "echo", outcome,
                outcome == Outcome.BLOCKED ? -32001 : null, null, 100, 10, 20, (ClientIdentity) null, null, false, 1,
                null, rule);
    }

    @Test
    void interceptedExchangesAreCountedByOutcomeAndRuleWithRulesPastTheBudgetFolded() {
        deliver(ruled(Outcome.BLOCKED, "deny-a"), ruled(Outcome.BLOCKED, "deny-a"), ruled(Outcome.MOCKED, "mock-b"),
                ruled(Outcome.OK, null), ruled(Outcome.MODIFIED, "c"), ruled(Outcome.BLOCKED, "d"),
                ruled(Outcome.BLOCKED, "e"));
        assertEquals(2, registry.find(McpMeters.INTERCEPTED).tag("mcpgate.rule", "deny-a")
                .tag("mcpgate.outcome", "blocked").counter().count());
        assertEquals(1, registry.find(McpMeters.INTERCEPTED).tag("mcpgate.outcome", "mocked").counter().count());
        assertEquals(2, registry.find(McpMeters.INTERCEPTED).tag("mcpgate.rule", "_other").counter().count(),
                "metrics-max-targets=3 here: d and e are folded");
        assertEquals(2.0, registry.get(McpMeters.RULES_FOLDED).functionCounter().count(), "and counted");
        assertEquals(6, registry.find(McpMeters.INTERCEPTED).counters().stream().mapToDouble(c -> c.count()).sum(),
                "every exchange that names a rule, none that does not");
        assertEquals(3, registry.find(McpMeters.OPERATION_DURATION).tag("error.type", "").timer().count(),
                "a mock and a change are no errors, as ok");
    }

    @Test
    void bridgedExchangesAreCountedByDirectionAndTheBridgesOwnCallsAreNot() {
        deliver(bridged(Era.MODERN, Era.LEGACY, false), bridged(Era.MODERN, Era.LEGACY, false),
                bridged(Era.LEGACY, Era.MODERN, false), bridged(Era.LEGACY, null, true), bridged(Era.LEGACY, null, false));
        assertEquals(2, registry.find(McpMeters.BRIDGED).tag("mcpgate.direction", "modern_to_legacy").counter().count());
        assertEquals(1, registry.find(McpMeters.BRIDGED).tag("mcpgate.direction", "legacy_to_modern").counter().count());
        assertEquals(3, registry.find(McpMeters.BRIDGED).counters().stream().mapToDouble(c -> c.count()).sum(),
                "neither a leg nor an exchange without the bridge");
    }

    private static RequestCompleted bridged(Era era, Era upstreamEra, boolean leg) {
        return new RequestCompleted("id", Instant.EPOCH, "weather", null, era, "2026-07-28", "POST", 200, "tools/list",
                "1", null, Outcome.OK, null, null, 100, 10, 20, (ClientIdentity) null, null, false, 1, null, null,
                upstreamEra, leg);
    }

    @Test
    void aToolCallIsTimedInSecondsWithTheConventionsAttributes() {
        deliver(exchange("tools/call", "echo", Outcome.OK, null, 250_000));
        Timer timer = operation("gen_ai.tool.name", "echo");
        assertNotNull(timer, registry.getMetersAsString());
        assertEquals(1, timer.count());
        assertEquals(0.25, timer.totalTime(TimeUnit.SECONDS), 1e-9);
        assertEquals(Map.of("mcpgate.endpoint", "weather", "mcp.method.name", "tools/call", "gen_ai.tool.name", "echo",
                "gen_ai.prompt.name", "", "mcp.resource.uri", "", "error.type", "", "mcp.protocol.version", "2025-06-18"),
                tags(timer));
    }

    @Test
    void promptsAndResourcesHaveTheirOwnAttribute() {
        deliver(exchange("prompts/get", "greet", Outcome.OK, null, 1000),
                exchange("resources/read", "file:///a.txt", Outcome.OK, null, 1000),
                exchange("tools/list", null, Outcome.OK, null, 1000));
        assertEquals("", tags(operation("gen_ai.prompt.name", "greet")).get("gen_ai.tool.name"));
        assertEquals("resources/read", tags(operation("mcp.resource.uri", "file:///a.txt")).get("mcp.method.name"));
        assertEquals("", tags(operation("mcp.method.name", "tools/list")).get("gen_ai.tool.name"));
    }

    @Test
    void errorTypeIsToolErrorTheJsonRpcCodeOrTheOutcome() {
        deliver(exchange("tools/call", "failing", Outcome.TOOL_ERROR, null, 1000),
                exchange("tools/call", "strict", Outcome.ERROR, -32602, 1000),
                exchange("tools/call", "slow", Outcome.TIMEOUT, null, 1000),
                exchange("tools/list", null, Outcome.UNVERIFIED, null, 1000));
        assertEquals("tool_error", tags(operation("gen_ai.tool.name", "failing")).get("error.type"));
        assertEquals("-32602", tags(operation("gen_ai.tool.name", "strict")).get("error.type"));
        assertEquals("timeout", tags(operation("gen_ai.tool.name", "slow")).get("error.type"));
        assertEquals("", tags(operation("mcp.method.name", "tools/list")).get("error.type"),
                "an unverified exchange that was answered 200 did not fail");
    }

    @Test
    void targetsPastTheBudgetAreFoldedIntoOtherAndCounted() {
        deliver(exchange("tools/call", "a", Outcome.OK, null, 1), exchange("tools/call", "b", Outcome.OK, null, 1),
                exchange("prompts/get", "c", Outcome.OK, null, 1), exchange("tools/call", "d", Outcome.OK, null, 1),
                exchange("tools/call", "e", Outcome.OK, null, 1), exchange("tools/call", "a", Outcome.OK, null, 1));
        assertEquals(2, operation("gen_ai.tool.name", "a").count(), "a target seen before keeps its value");
        assertEquals(2, operation("gen_ai.tool.name", TargetBudget.OTHER).count());
        assertNull(operation("gen_ai.tool.name", "d"));
        assertEquals(2, meters.targetsFolded());
        assertEquals(2.0, registry.get(McpMeters.TARGETS_FOLDED).functionCounter().count());
    }

    @Test
    void methodsAndRevisionsMcpDoesNotKnowAreFolded() {
        deliver(exchange("x/made-up-" + System.nanoTime(), null, Outcome.ERROR, -32601, 1, "1999-01-01", 200));
        Timer timer = operation("mcp.method.name", TargetBudget.OTHER);
        assertNotNull(timer, registry.getMetersAsString());
        assertEquals(TargetBudget.OTHER, tags(timer).get("mcp.protocol.version"));
        assertEquals("-32601", tags(timer).get("error.type"));
    }

    @Test
    void anExchangeWithoutAJsonRpcMethodIsNoOperation() {
        deliver(exchange(null, null, Outcome.OK, null, 60_000_000));
        assertTrue(registry.find(McpMeters.OPERATION_DURATION).timers().isEmpty());
    }

    @Test
    void anEndedSessionIsTimedWithItsEndReason() {
        Instant start = Instant.parse("2026-12-01T10:00:00Z");
        deliver(new SessionEnded(start.plus(Duration.ofMinutes(3)), "weather", "s1", EndReason.CLIENT_DELETE, start,
                start, 4, 0));
        Timer timer = registry.get(McpMeters.SESSION_DURATION).tag("mcpgate.end.reason", "client_delete").timer();
        assertEquals(180.0, timer.totalTime(TimeUnit.SECONDS), 1e-9);
    }

    /** Failed before the fix: the session timer had neither mcp.protocol.version nor error.type. */
    @Test
    void anEndedSessionCarriesItsProtocolVersionAndAnErrorTypeWhenItEndedInError() {
        Instant start = Instant.parse("2026-12-01T10:00:00Z");
        deliver(new SessionEnded(start.plusSeconds(60), "weather", "s1", EndReason.CLIENT_DELETE, start, start, 4, 0,
                        "2025-06-18"),
                new SessionEnded(start.plusSeconds(30), "weather", "s2", EndReason.UPSTREAM_NOT_FOUND, start, start, 1,
                        0, "2025-06-18"),
                new SessionEnded(start.plusSeconds(10), "weather", "s3", EndReason.IDLE_TIMEOUT, start, start, 1, 0,
                        "1999-01-01"));
        assertEquals(60.0, registry.get(McpMeters.SESSION_DURATION).tag("mcp.protocol.version", "2025-06-18")
                .tag("error.type", "").timer().totalTime(TimeUnit.SECONDS), 1e-9);
        assertEquals(30.0, registry.get(McpMeters.SESSION_DURATION).tag("mcp.protocol.version", "2025-06-18")
                .tag("error.type", "upstream_not_found").timer().totalTime(TimeUnit.SECONDS), 1e-9);
        assertEquals(10.0, registry.get(McpMeters.SESSION_DURATION).tag("mcp.protocol.version", "_other")
                .tag("error.type", "").tag("mcpgate.end.reason", "idle_timeout").timer()
                .totalTime(TimeUnit.SECONDS), 1e-9, "a revision the endpoint does not accept is folded");
    }

    @Test
    void newCatalogueVersionsAreCountedByList() {
        SchemaChanged change = new SchemaChanged(Instant.EPOCH, "weather", "tools/list", 2, 1, "h", "c", 4, true,
                false, List.of(), null, null);
        deliver(change, change);
        assertEquals(2.0, registry.get(McpMeters.CATALOGUE_VERSIONS).tag("mcpgate.list", "tools/list").counter().count());
    }

    @Test
    void boundFiguresAreReadAtScrapeTime() {
        Figures figures = new Figures();
        meters.bind(figures);
        figures.sessions = 7;
        figures.pending = 5;
        figures.lastWrite = Instant.now().minusSeconds(30);
        assertEquals(7.0, registry.get(McpMeters.SESSIONS_ACTIVE).gauge().value());
        assertEquals(3.0, registry.get(McpMeters.EVENTS_DROPPED).tag("mcpgate.stage", "queue").functionCounter().count());
        assertEquals(11.0, registry.get(McpMeters.VIOLATIONS).tag("mcpgate.violation", "origin")
                .tag("mcpgate.action", "rejected").functionCounter().count());
        assertEquals(0.0, registry.get(McpMeters.VIOLATIONS).tag("mcpgate.violation", "origin")
                .tag("mcpgate.action", "reported").functionCounter().count());
        assertTrue(registry.get(McpMeters.STORE_LAG).gauge().value() >= 30, registry.getMetersAsString());
        figures.pending = 0;
        assertEquals(0.0, registry.get(McpMeters.STORE_LAG).gauge().value(), "no lag while nothing waits");
        figures.broken = true;
        assertTrue(Double.isNaN(registry.get(McpMeters.SESSIONS_ACTIVE).gauge().value()), "a failing figure reads NaN");
    }

    @Test
    void closeRemovesEveryMeterItRegistered() {
        meters.bind(new Figures());
        deliver(exchange("tools/call", "echo", Outcome.OK, null, 1));
        assertTrue(registry.getMeters().size() > 30);
        meters.close();
        assertEquals(List.of(), new ArrayList<>(registry.getMeters()));
    }

    @Test
    void aPrometheusScrapeShowsTheConventionsNamesAndBuckets() {
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        McpMeters scraped = new McpMeters(prometheus, "weather", 200, VERSIONS);
        scraped.bind(new Figures());
        scraped.accept(new EventBatch(List.of(exchange("tools/call", "echo", Outcome.OK, null, 30_000),
                exchange("tools/call", "failing", Outcome.TOOL_ERROR, null, 30_000))));
        String text = prometheus.scrape();
        assertTrue(text.contains("mcp_server_operation_duration_seconds_bucket{error_type=\"\",gen_ai_prompt_name=\"\","
                + "gen_ai_tool_name=\"echo\",mcp_method_name=\"tools/call\",mcp_protocol_version=\"2025-06-18\","
                + "mcp_resource_uri=\"\",mcpgate_endpoint=\"weather\",le=\"0.05\"} 1"), text);
        assertTrue(text.contains("mcp_server_operation_duration_seconds_count{error_type=\"tool_error\""), text);
        assertTrue(text.contains("mcpgate_guard_violations_total{mcpgate_action=\"rejected\",mcpgate_endpoint=\"weather\","
                + "mcpgate_violation=\"origin\"} 11"), text);
        assertTrue(text.contains("mcpgate_sessions_active{mcpgate_endpoint=\"weather\"}"), text);
    }

    /** Figures a test sets. */
    static final class Figures implements EndpointFigures {
        long sessions;
        long pending;
        Instant lastWrite;
        boolean broken;

        @Override
        public long activeSessions() {
            if (broken) {
                throw new IllegalStateException("broken");
            }
            return sessions;
        }

        @Override
        public long queueDepth() {
            return 1;
        }

        @Override
        public long queueCapacity() {
            return 10;
        }

        @Override
        public long queueDropped() {
            return 3;
        }

        @Override
        public boolean storeEnabled() {
            return true;
        }

        @Override
        public long storeDropped() {
            return 0;
        }

        @Override
        public long storeRowsWritten() {
            return 42;
        }

        @Override
        public long storePending() {
            return pending;
        }

        @Override
        public Instant storeLastWrite() {
            return lastWrite;
        }

        @Override
        public long violations(Violation violation, boolean rejected) {
            return violation == Violation.ORIGIN && rejected ? 11 : 0;
        }
    }
}
