package dev.mcpgate.it.node;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.mcpgate.it.conformance.LegacyFixtureServers;
import dev.mcpgate.it.node.NodeTools.Check;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every server scenario of the conformance suite 0.1.16 ({@code --suite all --spec-version 2025-11-25}: 32, one Node
 * process per target) against an MCP Java SDK 2.1.0 server carrying the suite's fixtures
 * ({@link LegacyFixtureServers}), bare and behind a filter instance at {@code guard=enforce}: no check
 * that passes bare fails behind the filter, and {@code dns-rebinding-protection} (which the bare SDK
 * servlet fails: it answers an evil {@code Host}/{@code Origin} with 200) passes behind it.
 */
@ExtendWith(ArquillianExtension.class)
public abstract class AbstractLegacyConformanceIT {

    static final String SPEC_VERSION = "2025-11-25";
    static final Duration SUITE_TIMEOUT = Duration.ofMinutes(5);
    /** Scenarios that only pass with the fixtures in place: proof that the fixture server is what the suite expects. */
    static final List<String> FIXTURE_SCENARIOS = List.of("tools-call-simple-text", "tools-call-image",
            "tools-call-audio", "tools-call-embedded-resource", "tools-call-mixed-content", "tools-call-error",
            "tools-call-with-logging", "tools-call-with-progress", "tools-call-sampling", "tools-call-elicitation",
            "elicitation-sep1034-defaults", "elicitation-sep1330-enums", "json-schema-2020-12", "completion-complete",
            "resources-list", "resources-read-text", "resources-read-binary", "resources-templates-read",
            "prompts-list", "prompts-get-simple", "prompts-get-with-args", "prompts-get-embedded-resource",
            "prompts-get-with-image");

    private static final Map<String, Map<String, List<Check>>> RUNS = new ConcurrentHashMap<>();

    @ArquillianResource
    protected URL deploymentUrl;

    @Test
    void fixtureScenariosPassOnTheBareServer() {
        Map<String, List<Check>> bare = suite(LegacyFixtureServers.BARE_PATH);
        List<String> failing = FIXTURE_SCENARIOS.stream()
                .filter(s -> !bare.containsKey(s) || !failures(bare.get(s)).isEmpty())
                .map(s -> s + " " + (bare.containsKey(s) ? failures(bare.get(s)) : "not run"))
                .toList();
        assertEquals(List.of(), failing);
    }

    @Test
    void noCheckThatPassesBareFailsBehindTheEnforcingFilter() {
        Map<String, List<Check>> bare = suite(LegacyFixtureServers.BARE_PATH);
        Map<String, List<Check>> enforced = suite(LegacyFixtureServers.ENFORCED_PATH);
        List<String> worse = new ArrayList<>();
        bare.forEach((scenario, checks) -> checks.stream().filter(c -> "SUCCESS".equals(c.status())).forEach(c -> {
            String behind = enforced.getOrDefault(scenario, List.of()).stream()
                    .filter(e -> c.id().equals(e.id())).map(Check::toString).findFirst().orElse("missing " + c.id());
            if (!behind.startsWith("SUCCESS ")) {
                worse.add(scenario + ": bare SUCCESS, behind " + behind);
            }
        }));
        assertAll(() -> assertEquals(bare.keySet(), enforced.keySet(), "the same scenarios ran"),
                () -> assertEquals(List.of(), worse, "checks that pass bare but not behind guard=enforce"));
    }

    @Test
    void dnsRebindingProtectionPassesBehindTheEnforcingFilter() {
        List<Check> checks = suite(LegacyFixtureServers.ENFORCED_PATH).getOrDefault("dns-rebinding-protection",
                List.of());
        assertAll(() -> assertFalse(checks.stream().noneMatch(Check::isVerdict), "no verdict: " + checks),
                () -> assertEquals(List.of(), failures(checks)));
    }

    private Map<String, List<Check>> suite(String path) {
        return RUNS.computeIfAbsent(path, p -> NodeTools.locate()
                .runConformanceSuite(null, url(p), SUITE_TIMEOUT, "--suite", "all", "--spec-version", SPEC_VERSION));
    }

    private static List<String> failures(List<Check> checks) {
        return checks.stream().filter(c -> !"SUCCESS".equals(c.status()) && c.isVerdict()
                && !"WARNING".equals(c.status()) && !"SKIPPED".equals(c.status())).map(Check::toString).toList();
    }

    /** On 127.0.0.1: the suite's DNS-rebinding checks expect a loopback host. */
    private String url(String path) {
        return deploymentUrl.toString().replaceAll("/$", "").replace("://localhost:", "://127.0.0.1:") + path;
    }
}
