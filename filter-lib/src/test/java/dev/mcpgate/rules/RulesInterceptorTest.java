package dev.mcpgate.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.mcpgate.intercept.Approvals;
import dev.mcpgate.intercept.InterceptedRequest;
import dev.mcpgate.intercept.InterceptedResponse;
import dev.mcpgate.intercept.RateLimiter;
import dev.mcpgate.intercept.RequestVerdict;
import dev.mcpgate.intercept.RequestVerdict.Action;
import dev.mcpgate.intercept.ResponseVerdict;
import dev.mcpgate.protocol.Era;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RulesInterceptorTest {

    private final List<Duration> waited = new ArrayList<>();
    private final List<String> limited = new ArrayList<>();
    private final List<String> held = new ArrayList<>();

    /** Refuses every call after the first {@code allowed} for a key, like a limiter with burst = allowed. */
    private RateLimiter countingLimiter(int allowed) {
        Map<String, Integer> counts = new java.util.HashMap<>();
        return (key, rate, period, burst, now) -> {
            limited.add(key + " " + rate + "/" + period + " burst " + burst);
            return counts.merge(key, 1, Integer::sum) <= allowed ? Duration.ZERO : Duration.ofMillis(2500);
        };
    }

    private final Approvals approvals = (request, rule, version, timeout) -> {
        held.add(rule + " " + version.length() + " " + timeout);
        return RequestVerdict.block(rule, 403, RequestVerdict.error(-32000, "denied by operator", null), Map.of());
    };

    private RulesInterceptor interceptor(String json) throws RulesException {
        RuleSet set = RulesReader.read("r.json", json.getBytes(StandardCharsets.UTF_8));
        return new RulesInterceptor(() -> set, countingLimiter(2), approvals, Duration.ofMinutes(5), () -> 0L,
                waited::add);
    }

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }

    @Test
    void aDeniedToolIsBlockedWithAJsonRpcErrorInA200AnswerNamingTheRule() throws RulesException {
        RulesInterceptor rules = interceptor("""
                {"rules": [{"name": "no-deletes", "match": {"tool": "delete_*"}, "action": "deny"}]}""");
        RequestVerdict v = rules.onRequest(FakeRequest.call("delete_file", "{}"));
        assertEquals(Action.BLOCK, v.action());
        assertEquals(200, v.status(), "not 403: clients take that for an authorization failure");
        assertEquals("no-deletes", v.rule());
        assertEquals(-32001, v.error().getInt("code"));
        assertEquals("tools/call of \"delete_file\" is not allowed by rule \"no-deletes\"",
                v.error().getString("message"));
        assertEquals("no-deletes", v.error().getJsonObject("data").getString("rule"));
        assertSame(RequestVerdict.proceed(), rules.onRequest(FakeRequest.call("read_file", "{}")));
    }

    @Test
    void denyWinsOverAllowWhateverTheirOrder() throws RulesException {
        RulesInterceptor rules = interceptor("""
                {"default": "deny", "rules": [
                  {"name": "all-tools", "match": {"tool": "*"}, "action": "allow"},
                  {"name": "no-admins-tool", "match": {"tool": "admin_*"}, "action": "deny", "message": "ask IT"}]}""");
        assertEquals("no-admins-tool", rules.onRequest(FakeRequest.call("admin_reset", "{}")).rule());
        assertEquals("ask IT", rules.onRequest(FakeRequest.call("admin_reset", "{}")).error().getString("message"));
        assertEquals(Action.PROCEED, rules.onRequest(FakeRequest.call("search", "{}")).action());
    }

    @Test
    void defaultDenyRefusesCallsWithoutAnAllowRuleButLetsTheHandshakeAndListsPass() throws RulesException {
        RulesInterceptor rules = interceptor("""
                {"default": "deny", "rules": [{"name": "search", "match": {"tool": "search"}, "action": "allow"}]}""");
        RequestVerdict v = rules.onRequest(FakeRequest.call("weather", "{}"));
        assertEquals(Action.BLOCK, v.action());
        assertEquals("default", v.rule());
        assertEquals("tools/call of \"weather\" is not allowed (no rule allows it)", v.error().getString("message"));
        assertEquals(Action.BLOCK, rules.onRequest(FakeRequest.of("prompts/get").params(json("{\"name\":\"p\"}")))
                .action());
        for (String method : List.of("initialize", "notifications/initialized", "tools/list", "ping")) {
            assertEquals(Action.PROCEED, rules.onRequest(FakeRequest.of(method)).action(), method);
        }
        assertEquals(Action.PROCEED, rules.onRequest(FakeRequest.call("search", "{}")).action());
    }

    @Test
    void argumentsMatchByPointerWithValueGlobRegexAndExists() throws RulesException {
        RulesInterceptor rules = interceptor("""
                {"rules": [
                  {"name": "etc", "match": {"tool": "read", "arguments": {"/path": {"glob": "/etc/*"}}}, "action": "deny"},
                  {"name": "rm", "match": {"tool": "sh", "arguments": {"/cmd": {"regex": "rm\\\\s+-rf.*"}}}, "action": "deny"},
                  {"name": "force", "match": {"tool": "push", "arguments": {"/opts/force": true}}, "action": "deny"},
                  {"name": "big", "match": {"tool": "list", "arguments": {"/limit": 1000}}, "action": "deny"},
                  {"name": "token", "match": {"tool": "call", "arguments": {"/token": {"exists": true}}}, "action": "deny"}]}""");
        assertEquals("etc", rules.onRequest(FakeRequest.call("read", "{\"path\":\"/etc/passwd\"}")).rule());
        assertNull(rules.onRequest(FakeRequest.call("read", "{\"path\":\"/home/x\"}")).rule());
        assertEquals("rm", rules.onRequest(FakeRequest.call("sh", "{\"cmd\":\"rm  -rf /\"}")).rule());
        assertNull(rules.onRequest(FakeRequest.call("sh", "{\"cmd\":\"ls; rm -rf /\"}")).rule(), "regex matches whole");
        assertEquals("force", rules.onRequest(FakeRequest.call("push", "{\"opts\":{\"force\":true}}")).rule());
        assertNull(rules.onRequest(FakeRequest.call("push", "{\"opts\":{\"force\":\"true\"}}")).rule());
        assertEquals("big", rules.onRequest(FakeRequest.call("list", "{\"limit\":1000.0}")).rule(), "numbers by value");
        assertEquals("token", rules.onRequest(FakeRequest.call("call", "{\"token\":null}")).rule());
        assertNull(rules.onRequest(FakeRequest.call("call", "{}")).rule());
        assertNull(rules.onRequest(FakeRequest.of("tools/call").params(json("{\"name\":\"call\"}"))).rule(),
                "no arguments at all");
    }

    @Test
    void callerConditionsMatchClientPrincipalRoleAndEra() throws RulesException {
        RulesInterceptor rules = interceptor("""
                {"rules": [
                  {"name": "cursor", "match": {"client": {"platform": "cursor"}, "tool": "a"}, "action": "deny"},
                  {"name": "bot", "match": {"client": {"name": "bot-*"}, "tool": "b"}, "action": "deny"},
                  {"name": "guest", "match": {"principal": "guest*", "tool": "c"}, "action": "deny"},
                  {"name": "staff", "match": {"role": ["staff", "intern"], "tool": "d"}, "action": "deny"},
                  {"name": "modern", "match": {"era": "modern", "tool": "e"}, "action": "deny"}]}""");
        assertEquals("cursor", rules.onRequest(FakeRequest.call("a", "{}").client("cursor-vscode")).rule());
        assertNull(rules.onRequest(FakeRequest.call("a", "{}").client("claude-ai")).rule());
        assertEquals("bot", rules.onRequest(FakeRequest.call("b", "{}").client("bot-7")).rule());
        assertEquals("guest", rules.onRequest(FakeRequest.call("c", "{}").principal("guest42")).rule());
        assertNull(rules.onRequest(FakeRequest.call("c", "{}")).rule(), "no principal never matches a principal glob");
        assertEquals("staff", rules.onRequest(FakeRequest.call("d", "{}").principal("ann", "intern")).rule());
        assertNull(rules.onRequest(FakeRequest.call("d", "{}").principal("bob", "admin")).rule());
        assertEquals("modern", rules.onRequest(FakeRequest.call("e", "{}").era(Era.MODERN)).rule());
        assertNull(rules.onRequest(FakeRequest.call("e", "{}")).rule());
    }

    @Test
    void rewritesPatchTheParamsInFileOrderAndAPatchThatDoesNotApplyChangesNothing() throws RulesException {
        RulesInterceptor rules = interceptor("""
                {"rules": [
                  {"name": "cap", "match": {"tool": "search"}, "action": "rewrite",
                   "patch": [{"op": "test", "path": "/arguments/limit", "value": 1000},
                             {"op": "replace", "path": "/arguments/limit", "value": 10}]},
                  {"name": "tag", "match": {"tool": "search"}, "action": "rewrite",
                   "patch": [{"op": "add", "path": "/arguments/source", "value": "gateway"}]}]}""");
        RequestVerdict v = rules.onRequest(FakeRequest.call("search", "{\"q\":\"x\",\"limit\":1000}"));
        assertEquals(Action.MODIFY, v.action());
        assertEquals("cap", v.rule());
        assertEquals(json("{\"name\":\"search\",\"arguments\":{\"q\":\"x\",\"limit\":10,\"source\":\"gateway\"}}"),
                v.params());
        RequestVerdict onlyTag = rules.onRequest(FakeRequest.call("search", "{\"q\":\"x\",\"limit\":5}"));
        assertEquals("tag", onlyTag.rule(), "the failed test leaves the first rule out");
        assertEquals(5, onlyTag.params().getJsonObject("arguments").getInt("limit"));
    }

    @Test
    void mockAnswersWithTheResultOrTheError() throws RulesException {
        RulesInterceptor rules = interceptor("""
                {"rules": [
                  {"name": "sunny", "match": {"tool": "weather"}, "action": "mock", "result": {"content": []}},
                  {"name": "broken", "match": {"tool": "flaky"}, "action": "mock",
                   "error": {"code": -32603, "message": "down for maintenance"}}]}""");
        RequestVerdict v = rules.onRequest(FakeRequest.call("weather", "{}"));
        assertEquals(Action.MOCK, v.action());
        assertEquals(json("{\"content\":[]}"), v.result());
        RequestVerdict e = rules.onRequest(FakeRequest.call("flaky", "{}"));
        assertEquals(Action.MOCK, e.action());
        assertEquals("down for maintenance", e.error().getString("message"));
        assertEquals(200, e.status());
    }

    @Test
    void aDelayAloneIsTheChainsAndADelayBeforeAnotherActionIsWaitedHere() throws RulesException {
        RulesInterceptor rules = interceptor("""
                {"rules": [
                  {"name": "slow", "match": {"tool": "*"}, "action": "delay", "duration": "PT0.2S"},
                  {"name": "slower", "match": {"tool": "big*"}, "action": "delay", "duration": "PT0.3S"},
                  {"name": "tag", "match": {"tool": "tagged"}, "action": "rewrite",
                   "patch": [{"op": "add", "path": "/arguments/x", "value": 1}]}]}""");
        RequestVerdict v = rules.onRequest(FakeRequest.call("bigquery", "{}"));
        assertEquals(RequestVerdict.delay("slow", Duration.ofMillis(500)), v);
        assertEquals(List.of(), waited);
        assertEquals(Action.MODIFY, rules.onRequest(FakeRequest.call("tagged", "{}")).action());
        assertEquals(List.of(Duration.ofMillis(200)), waited);
    }

    @Test
    void aRateLimitRefusesWith429RetryAfterAndAJsonRpcErrorOncePastTheCount() throws RulesException {
        RulesInterceptor rules = interceptor("""
                {"rules": [{"name": "two", "match": {"tool": "search"}, "action": "rate-limit",
                            "rate": 2, "per": "PT1M", "key": "principal"}]}""");
        assertEquals(Action.PROCEED, rules.onRequest(FakeRequest.call("search", "{}").principal("ann")).action());
        assertEquals(Action.PROCEED, rules.onRequest(FakeRequest.call("search", "{}").principal("ann")).action());
        RequestVerdict third = rules.onRequest(FakeRequest.call("search", "{}").principal("ann"));
        assertEquals(Action.BLOCK, third.action());
        assertEquals(429, third.status());
        assertEquals(Map.of("Retry-After", "3"), third.headers());
        assertEquals(-32000, third.error().getInt("code"));
        assertEquals(3, third.error().getJsonObject("data").getInt("retryAfter"));
        assertEquals(Action.PROCEED, rules.onRequest(FakeRequest.call("search", "{}").principal("bob")).action(),
                "another principal has its own count");
        assertEquals("two|principal|ann 2/PT1M burst 2", limited.get(0));
        assertEquals(Action.PROCEED, rules.onRequest(FakeRequest.call("other", "{}")).action());
    }

    @Test
    void aHoldAsksTheApprovalsServiceWithTheRuleTheVersionAndTheTimeout() throws RulesException {
        RulesInterceptor rules = interceptor("""
                {"rules": [{"name": "pay", "match": {"tool": "pay"}, "action": "hold", "timeout": "PT2M"},
                           {"name": "wire", "match": {"tool": "wire"}, "action": "hold"}]}""");
        assertEquals("denied by operator", rules.onRequest(FakeRequest.call("pay", "{}")).error().getString("message"));
        rules.onRequest(FakeRequest.call("wire", "{}"));
        assertEquals(List.of("pay 64 PT2M", "wire 64 PT5M"), held);
    }

    @Test
    void afterAnApprovalTheRulesInForceNowDecideADenyAddedMeanwhileWinsAnOtherChangeAsksForARetry()
            throws RulesException {
        String holding = """
                {"rules": [{"name": "pay", "match": {"tool": "pay"}, "action": "hold"}]}""";
        RuleSet before = RulesReader.read("r.json", holding.getBytes(StandardCharsets.UTF_8));
        RuleSet denying = RulesReader.read("r.json", """
                {"rules": [{"name": "no-pay", "match": {"tool": "pay"}, "action": "deny"},
                           {"name": "pay", "match": {"tool": "pay"}, "action": "hold"}]}""".getBytes(StandardCharsets.UTF_8));
        RuleSet other = RulesReader.read("r.json", """
                {"rules": [{"name": "pay", "match": {"tool": "pay"}, "action": "hold", "timeout": "PT1M"}]}"""
                .getBytes(StandardCharsets.UTF_8));
        java.util.concurrent.atomic.AtomicReference<RuleSet> inForce = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.atomic.AtomicReference<RuleSet> duringHold = new java.util.concurrent.atomic.AtomicReference<>();
        Approvals approving = (request, rule, version, timeout) -> {
            inForce.set(duringHold.get()); // the operator edits the file while the call waits
            return RequestVerdict.proceed();
        };
        RulesInterceptor rules = new RulesInterceptor(inForce::get, null, approving, Duration.ofMinutes(5), () -> 0L,
                waited::add);

        inForce.set(before);
        duringHold.set(before);
        assertSame(RequestVerdict.proceed(), rules.onRequest(FakeRequest.call("pay", "{}")), "rules unchanged");

        inForce.set(before);
        duringHold.set(denying);
        RequestVerdict denied = rules.onRequest(FakeRequest.call("pay", "{}"));
        assertEquals(Action.BLOCK, denied.action());
        assertEquals("no-pay", denied.rule(), "a deny added during the hold wins over the approval");
        assertEquals(-32001, denied.error().getInt("code"));

        inForce.set(before);
        duringHold.set(other);
        RequestVerdict stale = rules.onRequest(FakeRequest.call("pay", "{}"));
        assertEquals(Action.BLOCK, stale.action());
        assertEquals("pay", stale.rule());
        assertTrue(stale.error().getString("message").contains("retry"), stale.error().getString("message"));
        assertEquals("rules_changed", stale.error().getJsonObject("data").getString("decision"));
    }

    @Test
    void withoutALimiterOrApprovalsSuchRulesRefuseRatherThanPass() throws RulesException {
        RuleSet set = RulesReader.read("r.json", """
                {"rules": [{"name": "pay", "match": {"tool": "pay"}, "action": "hold"},
                           {"name": "l", "match": {"tool": "s"}, "action": "rate-limit", "rate": 1, "key": "global"}]}"""
                .getBytes(StandardCharsets.UTF_8));
        RulesInterceptor rules = new RulesInterceptor(() -> set, null, null, Duration.ofMinutes(5));
        assertEquals(503, rules.onRequest(FakeRequest.call("pay", "{}")).status());
        assertEquals(503, rules.onRequest(FakeRequest.call("s", "{}")).status());
        assertTrue(rules.failClosed());
    }

    @Test
    void toolsListLosesWhatTheCallerMayNotCallPerRole() throws RulesException {
        RulesInterceptor rules = interceptor("""
                {"rules": [
                  {"name": "admin-only", "match": {"tool": "admin_*"}, "action": "deny"},
                  {"name": "admins", "match": {"tool": "admin_*", "role": "admin"}, "action": "allow"},
                  {"name": "not-etc", "match": {"tool": "read", "arguments": {"/path": {"glob": "/etc/*"}}},
                   "action": "deny"}]}""");
        JsonObject list = json("""
                {"tools": [{"name": "read"}, {"name": "admin_reset"}, {"name": "search"}, {"name": "admin_drop"}],
                 "nextCursor": "c2"}""");
        FakeRequest user = FakeRequest.of("tools/list").principal("ann", "user");
        assertTrue(rules.wantsResponse(user));
        ResponseVerdict v = rules.onResponse(user, response(list));
        assertEquals(ResponseVerdict.Action.MODIFY, v.action());
        assertEquals(json("{\"tools\":[{\"name\":\"read\"},{\"name\":\"search\"}],\"nextCursor\":\"c2\"}"), v.result());
        assertEquals(ResponseVerdict.Action.MODIFY,
                rules.onResponse(FakeRequest.of("tools/list").principal("root", "admin"), response(list)).action(),
                "deny wins for admins too");
    }

    @Test
    void withDefaultDenyAListShowsOnlyWhatSomeAllowRuleLetsTheCallerCall() throws RulesException {
        RulesInterceptor rules = interceptor("""
                {"default": "deny", "rules": [
                  {"name": "readers", "match": {"resource": "file:///docs/*", "role": "reader"}, "action": "allow"},
                  {"name": "p", "match": {"prompt": "greet"}, "action": "allow"}]}""");
        JsonObject resources = json("""
                {"resources": [{"uri": "file:///docs/a"}, {"uri": "file:///secret/b"}]}""");
        FakeRequest reader = FakeRequest.of("resources/list").principal("r", "reader");
        assertEquals(json("{\"resources\":[{\"uri\":\"file:///docs/a\"}]}"),
                rules.onResponse(reader, response(resources)).result());
        assertEquals(json("{\"resources\":[]}"),
                rules.onResponse(FakeRequest.of("resources/list"), response(resources)).result());
        JsonObject prompts = json("{\"prompts\": [{\"name\": \"greet\"}, {\"name\": \"other\"}]}");
        assertEquals(json("{\"prompts\":[{\"name\":\"greet\"}]}"),
                rules.onResponse(FakeRequest.of("prompts/list"), response(prompts)).result());
    }

    @Test
    void aListNothingIsHiddenFromPassesAndNoListIsHeldWithoutDenyRules() throws RulesException {
        RulesInterceptor rules = interceptor("""
                {"rules": [{"name": "no-x", "match": {"tool": "x"}, "action": "deny"}]}""");
        assertSame(ResponseVerdict.proceed(), rules.onResponse(FakeRequest.of("tools/list"),
                response(json("{\"tools\":[{\"name\":\"a\"}]}"))));
        RulesInterceptor allowOnly = interceptor("""
                {"rules": [{"name": "a", "match": {"tool": "x"}, "action": "allow"}]}""");
        assertFalse(allowOnly.wantsResponse(FakeRequest.of("tools/list")));
        assertFalse(allowOnly.wantsResponse(FakeRequest.call("x", "{}")));
    }

    @Test
    void aResultPatchRewritesTheResultOfTheCallsItMatches() throws RulesException {
        RulesInterceptor rules = interceptor("""
                {"rules": [{"name": "redact", "match": {"tool": "whoami"}, "action": "rewrite",
                  "resultPatch": [{"op": "replace", "path": "/structuredContent/email", "value": "[redacted]"}]}]}""");
        FakeRequest call = FakeRequest.call("whoami", "{}");
        assertTrue(rules.wantsResponse(call));
        assertFalse(rules.wantsResponse(FakeRequest.call("other", "{}")));
        assertSame(RequestVerdict.proceed(), rules.onRequest(call));
        ResponseVerdict v = rules.onResponse(call, response(json("{\"structuredContent\":{\"email\":\"a@b\"}}")));
        assertEquals("redact", v.rule());
        assertEquals("[redacted]", v.result().getJsonObject("structuredContent").getString("email"));
        assertSame(ResponseVerdict.proceed(), rules.onResponse(call, response(json("{\"content\":[]}"))),
                "a patch that does not apply changes nothing");
    }

    @Test
    void withoutRulesNothingIsEvaluated() {
        RulesInterceptor rules = new RulesInterceptor(() -> RuleSet.NONE, null, null, Duration.ofMinutes(5));
        InterceptedRequest call = FakeRequest.call("x", "{}");
        assertSame(RequestVerdict.proceed(), rules.onRequest(call));
        assertFalse(rules.wantsResponse(FakeRequest.of("tools/list")));
    }

    private static InterceptedResponse response(JsonObject result) {
        return new InterceptedResponse() {
            @Override
            public int status() {
                return 200;
            }

            @Override
            public JsonObject result() {
                return result;
            }

            @Override
            public JsonObject error() {
                return null;
            }

            @Override
            public boolean streamed() {
                return false;
            }
        };
    }
}
