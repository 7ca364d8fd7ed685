package dev.mcpgate.conformance;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mcpgate.conformance.BridgeTomcat.Endpoint;
import dev.mcpgate.conformance.ConformanceSuite.Result;
import dev.mcpgate.conformance.fixture.ModernFixtureServer;
import jakarta.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The era bridge, legacy clients in front of a 2026-07-28 server (issue 14): the conformance suite's 2025-11-25
 * requirement set ({@code --requirements 2025-11-25} of 0.2.0-alpha.12: 30 scored scenarios, in ONE Node process)
 * against an MCP Java SDK 2.2.0 modern server — which answers no legacy client at all — with the suite's
 * fixtures in their 2026-07-28 form ({@link ModernFixtureServer} with its legacy-era tools), behind a filter
 * with {@code bridge=on}, {@code bridge-upstream-era=modern}. The same set passes against SDK 2.1.0 servers with
 * these fixtures (filter-lib's legacy conformance IT), so every scored scenario must pass bridged too, except
 * those {@link #CANNOT_BE_MAPPED} names with the reason. Per scenario: {@code target/conformance-results/}
 * {@value #REPORT}.
 */
class BridgedLegacyConformanceIT {

    static final String SUITE = "@modelcontextprotocol/conformance-next";
    static final String REQUIREMENTS = "2025-11-25";
    static final int REQUIRED_SCENARIOS = 30;
    static final String PATH = "/bridged/mcp";
    static final String ENDPOINT = "bridged-modern-server";
    static final String REPORT = "bridge-modern-server-2025-11-25.md";
    static final Duration SUITE_TIMEOUT = Duration.ofMinutes(5);
    /** Scored scenarios a bridge in front of a 2026-07-28 server cannot pass, and why. Empty: the goal is all. */
    static final Map<String, String> CANNOT_BE_MAPPED = Map.of();

    private static ExchangeLog exchanges;
    private static BridgeTomcat tomcat;
    private static Result run;

    @BeforeAll
    static void start() throws Exception {
        exchanges = ExchangeLog.install();
        tomcat = BridgeTomcat.start("bridge-legacy-conformance", new Endpoint(PATH,
                ModernFixtureServer.servlet(PATH, true), BridgeTomcat.bridging(ENDPOINT, "modern")));
        run = ConformanceSuite.of(SUITE).run("bridged-modern-server", tomcat.url(PATH), SUITE_TIMEOUT,
                "--requirements", REQUIREMENTS);
        System.out.println("[conformance] " + run.summary());
    }

    @AfterAll
    static void stop() throws Exception {
        if (tomcat != null) {
            tomcat.close();
        }
        if (exchanges != null) {
            exchanges.uninstall();
        }
    }

    @Test
    void everyRequiredScenarioPassesBehindTheBridge() {
        List<String> required = ConformanceSuite.of(SUITE).requiredServerScenarios(REQUIREMENTS);
        BridgeReport report = new BridgeReport("2025-11-25 conformance behind the era bridge (SDK 2.2.0 2026-07-28"
                + " server)", required, run, CANNOT_BE_MAPPED);
        Path table = report.write(REPORT);
        assertAll("bridged 2025-11-25 conformance, per scenario in " + table,
                () -> assertEquals(REQUIRED_SCENARIOS, required.size(), "scored scenarios of " + REQUIREMENTS),
                () -> assertEquals(List.of(), report.notRun(), "required scenarios the suite did not run"),
                () -> assertEquals(List.of(), report.failing(), "required scenarios that fail behind the bridge"),
                () -> assertEquals(List.of(), report.unmappableButPassing(),
                        "scenarios listed as unmappable that pass: take them off CANNOT_BE_MAPPED"));
    }

    /**
     * Every bridged exchange is observed like any other: the legacy client's exchange carries the upstream's era
     * (modern) beside its own, and the loopback leg to the SDK 2.2.0 servlet is a 2026-07-28 exchange of its own.
     */
    @Test
    void bridgedExchangesAreRecordedWithBothEras() {
        List<JsonObject> seen = exchanges.completed(ENDPOINT);
        assertAll("completed exchanges of " + ENDPOINT + ": " + seen.size() + (seen.isEmpty() ? "" : ", e.g. "
                        + seen.get(0)),
                () -> assertTrue(seen.stream().anyMatch(e -> "legacy".equalsIgnoreCase(e.getString("era", ""))
                        && "modern".equalsIgnoreCase(e.getString("upstreamEra", ""))),
                        "a legacy client's exchange with upstreamEra modern"),
                () -> assertTrue(seen.stream().anyMatch(e -> "modern".equalsIgnoreCase(e.getString("era", ""))),
                        "the upstream leg, a 2026-07-28 exchange"));
    }
}
