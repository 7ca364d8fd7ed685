package dev.mcpgate.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RulesReaderTest {

    static final String JSON = """
            {"default": "allow", "rules": [
              {"name": "no-deletes", "match": {"tool": "delete_*"}, "action": "deny"},
              {"name": "cap-limit", "match": {"tool": "search", "arguments": {"/limit": {"exists": true}}},
               "action": "rewrite", "patch": [{"op": "replace", "path": "/arguments/limit", "value": 10}]},
              {"name": "fake-weather", "match": {"tool": "weather"}, "action": "mock",
               "result": {"content": [{"type": "text", "text": "sunny"}]}},
              {"name": "slow", "match": {"client": {"platform": "cursor"}}, "action": "delay", "duration": "PT0.5S"},
              {"name": "pay", "match": {"tool": "pay", "role": ["finance", "admin"]}, "action": "hold", "timeout": "PT2M"},
              {"name": "search-limit", "match": {"tool": "search"}, "action": "rate-limit", "rate": 10, "per": "PT1M",
               "key": "principal"}
            ]}
            """;

    static final String YAML = """
            default: allow
            rules:
              - name: no-deletes
                match: {tool: "delete_*"}
                action: deny
              - name: cap-limit
                match:
                  tool: search
                  arguments:
                    /limit: {exists: true}
                action: rewrite
                patch:
                  - {op: replace, path: /arguments/limit, value: 10}
              - name: fake-weather
                match: {tool: weather}
                action: mock
                result:
                  content: [{type: text, text: sunny}]
              - name: slow
                match: {client: {platform: cursor}}
                action: delay
                duration: PT0.5S
              - name: pay
                match: {tool: pay, role: [finance, admin]}
                action: hold
                timeout: PT2M
              - name: search-limit
                match: {tool: search}
                action: rate-limit
                rate: 10
                per: PT1M
                key: principal
            """;

    static RuleSet read(String name, String text) throws RulesException {
        return RulesReader.read(name, text.getBytes(StandardCharsets.UTF_8));
    }

    static List<String> problems(String name, String text) {
        return assertThrows(RulesException.class, () -> read(name, text)).problems();
    }

    @Test
    void jsonAndYamlFormsGiveTheSameRules() throws RulesException {
        RuleSet json = read("rules.json", JSON);
        RuleSet yaml = read("rules.yaml", YAML);
        assertEquals(6, json.size());
        assertEquals(json.rules().toString(), yaml.rules().toString());
        assertInstanceOf(RuleAction.Deny.class, json.rules().get(0).action());
        assertEquals(new RuleAction.Hold(Duration.ofMinutes(2)), json.rules().get(4).action());
        assertEquals(new RuleAction.RateLimit(10, Duration.ofMinutes(1), 10, RateKey.PRINCIPAL),
                json.rules().get(5).action());
        assertEquals(List.of("finance", "admin"), json.rules().get(4).match().roles());
    }

    @Test
    void versionIsTheSha256OfTheFileBytes() throws RulesException {
        RuleSet rules = read("rules.json", JSON);
        assertEquals(64, rules.version().length());
        assertEquals(rules.version(), read("other-name.json", JSON).version());
        assertNotEquals(rules.version(), read("rules.json", JSON + " ").version());
    }

    @Test
    void everyProblemIsNamedWithItsRuleAndFieldInOneMessage() {
        RulesException e = assertThrows(RulesException.class, () -> read("rules.json", """
                {"default": "maybe", "rules": [
                  {"match": {"tool": "a"}, "action": "deny"},
                  {"name": "twice", "action": "allow"},
                  {"name": "twice", "action": "allow"},
                  {"name": "bad-match", "match": {"tool": 3, "prompt": "p", "era": "old", "color": "red",
                   "client": {"platform": "nokia"}, "arguments": {"limit": 1, "/q": {"regex": "("}}}, "action": "allow"},
                  {"name": "bad-action", "action": "explode"},
                  {"name": "bad-patch", "action": "rewrite", "patch": [{"op": "frobnicate", "path": "/a"},
                   {"op": "add", "path": "x"}]},
                  {"name": "bad-mock", "action": "mock", "result": {}, "error": {"code": 1, "message": "m"}},
                  {"name": "bad-delay", "action": "delay", "duration": "2 seconds"},
                  {"name": "bad-limit", "action": "rate-limit", "rate": 0, "key": "planet", "duration": "PT1S"}
                ]}
                """));
        List<String> p = e.problems();
        List<String> expected = List.of(
                "default: must be \"allow\" or \"deny\"",
                "rules[0]: name: missing",
                "rules[2] \"twice\": name: another rule has the same name",
                "rules[3] \"bad-match\": match: unknown field \"color\"",
                "rules[3] \"bad-match\": match: tool: must be a string",
                "rules[3] \"bad-match\": match.client: platform: \"nokia\" matches no platform",
                "rules[3] \"bad-match\": match: era: must be \"legacy\" or \"modern\"",
                "rules[3] \"bad-match\": match.arguments[\"limit\"]: not a JSON Pointer",
                "rules[3] \"bad-match\": match.arguments[\"/q\"]: regex: not a regular expression",
                "rules[4] \"bad-action\": action: must be one of allow, deny, rewrite, mock, delay, hold, rate-limit, not \"explode\"",
                "rules[5] \"bad-patch\": patch[0]: op: must be one of",
                "rules[5] \"bad-patch\": patch[1]: path: must be a JSON Pointer",
                "rules[6] \"bad-mock\": mock: give either result or error",
                "rules[7] \"bad-delay\": duration: \"2 seconds\" is not an ISO-8601 duration",
                "rules[8] \"bad-limit\": duration: not a field of action rate-limit",
                "rules[8] \"bad-limit\": rate: must be a whole number from 1",
                "rules[8] \"bad-limit\": key: must be one of session, principal, client, tool, global");
        for (String want : expected) {
            assertTrue(p.stream().anyMatch(x -> x.startsWith(want)), "missing: " + want + "\nin: " + p);
            assertTrue(e.getMessage().contains(want), "message names " + want);
        }
        assertTrue(e.getMessage().startsWith("Rules file rules.json: " + p.size() + " problems: "), e.getMessage());
    }

    @Test
    void aFileThatIsNotJsonOrYamlSaysWhere() {
        assertTrue(problems("rules.json", "{\"rules\": [\n  {\"name\": }]}").get(0)
                .startsWith("not valid JSON at line 2"), "JSON");
        String yaml = problems("rules.yml", "rules:\n  - name: a\n   action: deny\n").get(0);
        assertTrue(yaml.startsWith("not valid YAML") && yaml.contains("line"), yaml);
        assertTrue(problems("rules.yaml", "rules: []\nrules: []\n").get(0).contains("rules"), "duplicate key");
    }

    @Test
    void theTopMustBeAnObjectWithRules() {
        assertEquals(List.of("rules: missing (an empty list for none)"), problems("r.json", "{}"));
        assertEquals(List.of("the file: must be an object with \"rules\" (and optionally \"default\")"),
                problems("r.yaml", ""));
        assertEquals(List.of("the file: unknown field \"rule\" (known: default, rules)",
                "rules: missing (an empty list for none)"), problems("r.json", "{\"rule\": []}"));
    }

    @Test
    void yamlWordsThatYaml11TookForBooleansStayStrings() throws RulesException {
        RuleSet rules = read("r.yaml", "rules:\n  - name: n\n    match: {arguments: {/answer: no}}\n    action: deny\n");
        var condition = (ValueCondition.Equals) rules.rules().get(0).match().arguments().get(0).condition();
        assertEquals(jakarta.json.Json.createValue("no"), condition.expected());
    }

    @Test
    void defaultsOfOptionalFields() throws RulesException {
        RuleSet rules = read("r.json", """
                {"rules": [{"name": "l", "action": "rate-limit", "rate": 5, "key": "global"},
                           {"name": "h", "action": "hold"}]}
                """);
        assertEquals(false, rules.defaultDeny());
        assertEquals(new RuleAction.RateLimit(5, Duration.ofMinutes(1), 5, RateKey.GLOBAL), rules.rules().get(0).action());
        assertEquals(new RuleAction.Hold(null), rules.rules().get(1).action());
        assertEquals(RuleMatch.ANY, rules.rules().get(1).match());
    }
}
