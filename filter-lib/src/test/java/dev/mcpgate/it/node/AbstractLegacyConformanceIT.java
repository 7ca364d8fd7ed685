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
 * ({@link LegacyFixtureServers}), bare, behind a filter instance at {@code guard=enforce}, and behind one
 * that also has {@code resume=true} and {@code sse-close-after}: no check that passes bare fails behind
 * either filter; {@code dns-rebinding-protection} (which the bare SDK servlet fails: it answers an evil
 * {@code Host}/{@code Origin} with 200) passes behind the enforcing one; {@code server-sse-polling} (bare:
 * no priming event, no {@code retry:}) passes without a warning behind the resuming one, the tool's result
 * arriving on the {@code GET} with {@code Last-Event-ID} after McpGate closed the POST stream.
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
        assertNoCheckWorseThanBare(LegacyFixtureServers.ENFORCED_PATH);
    }

    @Test
    void noCheckThatPassesBareFailsBehindTheResumingFilter() {
        assertNoCheckWorseThanBare(LegacyFixtureServers.RESUME_PATH);
    }

    /**
     * 0 warnings and 0 failures, and the three verdicts present as SUCCESS: the priming event first, the
     * {@code retry:} field, and the result on the resuming GET (INFO when the result came on the POST stream,
     * i.e. the stream was never closed and nothing was resumed).
     */
    @Test
    void ssePollingPassesWithoutWarningBehindTheResumingFilter() {
        List<Check> checks = suite(LegacyFixtureServers.RESUME_PATH).getOrDefault("server-sse-polling", List.of());
        assertAll(() -> assertEquals(List.of(), notSuccess(checks)),
                () -> assertEquals(List.of("server-sse-disconnect-resume", "server-sse-priming-event",
                        "server-sse-retry-field"), successIds(checks), "the verdicts: " + checks));
    }

    @Test
    void sseMultipleStreamsPassesBehindTheResumingFilter() {
        List<Check> checks = suite(LegacyFixtureServers.RESUME_PATH).getOrDefault("server-sse-multiple-streams",
                List.of());
        assertAll(() -> assertEquals(List.of(), notSuccess(checks)),
                () -> assertEquals(List.of("server-accepts-multiple-post-streams", "server-sse-streams-functional"),
                        successIds(checks), "the verdicts: " + checks));
    }

    @Test
    void dnsRebindingProtectionPassesBehindTheEnforcingFilter() {
        List<Check> checks = suite(LegacyFixtureServers.ENFORCED_PATH).getOrDefault("dns-rebinding-protection",
                List.of());
        assertAll(() -> assertFalse(checks.stream().noneMatch(Check::isVerdict), "no verdict: " + checks),
                () -> assertEquals(List.of(), failures(checks)));
    }

    private void assertNoCheckWorseThanBare(String path) {
        Map<String, List<Check>> bare = suite(LegacyFixtureServers.BARE_PATH);
        Map<String, List<Check>> filtered = suite(path);
        List<String> worse = new ArrayList<>();
        bare.forEach((scenario, checks) -> checks.stream().filter(c -> "SUCCESS".equals(c.status())).forEach(c -> {
            String behind = filtered.getOrDefault(scenario, List.of()).stream()
                    .filter(e -> c.id().equals(e.id())).map(Check::toString).findFirst().orElse("missing " + c.id());
            if (!behind.startsWith("SUCCESS ")) {
                worse.add(scenario + ": bare SUCCESS, behind " + behind);
            }
        }));
        assertAll(() -> assertEquals(bare.keySet(), filtered.keySet(), "the same scenarios ran"),
                () -> assertEquals(List.of(), worse, "checks that pass bare but not behind " + path));
    }

    private Map<String, List<Check>> suite(String path) {
        return RUNS.computeIfAbsent(path, p -> NodeTools.locate()
                .runConformanceSuite(null, url(p), SUITE_TIMEOUT, "--suite", "all", "--spec-version", SPEC_VERSION));
    }

    private static List<String> failures(List<Check> checks) {
        return checks.stream().filter(c -> !"SUCCESS".equals(c.status()) && c.isVerdict()
                && !"WARNING".equals(c.status()) && !"SKIPPED".equals(c.status())).map(Check::toString).toList();
    }

    /** Verdicts other than SUCCESS (warnings included), as "STATUS id (error)". */
    private static List<String> notSuccess(List<Check> checks) {
        return checks.stream().filter(Check::isVerdict).filter(c -> !"SUCCESS".equals(c.status()))
                .map(Check::toString).toList();
    }

    private static List<String> successIds(List<Check> checks) {
        return checks.stream().filter(c -> "SUCCESS".equals(c.status())).map(Check::id).sorted().distinct()
                .toList();
    }

    /** On 127.0.0.1: the suite's DNS-rebinding checks expect a loopback host. */
    private String url(String path) {
        return deploymentUrl.toString().replaceAll("/$", "").replace("://localhost:", "://127.0.0.1:") + path;
    }
}
