package dev.mcpgate.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mcpgate.event.Violation;
import dev.mcpgate.protocol.EnvelopeReader;
import dev.mcpgate.protocol.HeaderValues;
import dev.mcpgate.protocol.JsonRpcEnvelope;
import dev.mcpgate.protocol.JsonRpcErrors;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The guard's checks as pure logic: what each finds, with which status and code, at which level. */
class RequestGuardTest {

    private static final long MAX_BODY = 1000;
    private static final String MODERN = "2026-07-28";

    private static RequestGuard guard(GuardLevel level) {
        return guard(GuardLevels.all(level));
    }

    private static RequestGuard guard(GuardLevels levels) {
        return new RequestGuard(levels, HostRules.parse("loopback", List::of),
                OriginRules.parse("loopback", List::of), MAX_BODY);
    }

    private static GuardVerdict headers(RequestGuard guard, String host, String origin, String session, String version,
            long length) {
        return guard.checkVersion(version, false, guard.checkHeaders(false, host, origin, session, length));
    }

    private static JsonRpcEnvelope envelope(String json) {
        return EnvelopeReader.read(json.getBytes(StandardCharsets.UTF_8));
    }

    /** A 2026-07-28 request of {@code method} with {@code params} (without braces) and its _meta. */
    private static JsonRpcEnvelope modern(String method, String params, String metaVersion) {
        return envelope("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"" + method + "\",\"params\":{" + params
                + (params.isEmpty() ? "" : ",") + "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\""
                + metaVersion + "\"}}}");
    }

    @Test
    void aCleanRequestFindsNothingAndAllocatesNoVerdict() {
        RequestGuard guard = guard(GuardLevel.ENFORCE);
        assertNull(headers(guard, "localhost:8080", "http://localhost:3000", "a-session", "2025-11-25", 200));
        assertNull(headers(guard, "127.0.0.1:8080", null, null, null, -1), "legacy: no version header means 2025-03-26");
        assertNull(guard.checkMessage(modern("tools/call", "\"name\":\"echo\"", MODERN), MODERN, "tools/call", "echo",
                null));
        assertNull(guard.checkPrincipal("alice", "alice", null));
        assertNull(guard.checkPrincipal(null, "bob", null), "a session started anonymously binds nobody");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "evil Host            | evil.example.com       | http://localhost:3000   |              | 2025-11-25 | 10   | HOST             | 403 | -32600",
            "evil Origin          | localhost:8080         | http://evil.example.com |              | 2025-11-25 | 10   | ORIGIN           | 403 | -32600",
            "rebinding: both evil | evil.example.com:8080  | http://evil.example.com:8080 |         | 2025-11-25 | 10   | HOST             | 403 | -32600",
            "overlong session id  | localhost              |                         | LONG         | 2025-11-25 | 10   | SESSION_ID       | 400 | -32600",
            "empty session id     | localhost              |                         | ''           | 2025-11-25 | 10   | SESSION_ID       | 400 | -32600",
            "session id with space| localhost              |                         | 'a b'        | 2025-11-25 | 10   | SESSION_ID       | 400 | -32600",
            "unknown version      | localhost              |                         |              | 2099-01-01 | 10   | PROTOCOL_VERSION | 400 | -32022",
            "bogus version        | localhost              |                         |              | latest     | 10   | PROTOCOL_VERSION | 400 | -32022",
            "declared body too large | localhost           |                         |              | 2025-11-25 | 1001 | BODY_TOO_LARGE   | 413 | -32600",
    })
    void eachHeaderCheckFindsItsViolationWithTheStatusTheSpecPrescribes(String name, String host, String origin,
            String session, String version, long length, Violation violation, int status, int code) {
        String sessionId = "LONG".equals(session) ? "s".repeat(129) : session;
        GuardVerdict verdict = headers(guard(GuardLevel.ENFORCE), host, origin, sessionId, version, length);
        assertTrue(verdict.rejected(), name);
        assertEquals(violation, verdict.violation());
        assertEquals(status, verdict.rejection().status());
        assertEquals(code, verdict.rejection().code());
    }

    @Test
    void anOriginRefusalCarriesNoIdAndAVersionRefusalListsTheSupportedVersionsOfTheRequestsEra() {
        RequestGuard guard = guard(GuardLevel.ENFORCE);
        assertFalse(headers(guard, "localhost", "http://evil.example.com", null, null, 0).rejection().withId());
        Finding legacy = headers(guard, "localhost", null, null, "2099-01-01", 0).rejection();
        assertTrue(legacy.withId());
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32022,\"message\":\"Unsupported protocol "
                + "version: '2099-01-01'\",\"data\":{\"supported\":[\"2024-11-05\",\"2025-03-26\",\"2025-06-18\","
                + "\"2025-11-25\"],\"requested\":\"2099-01-01\"}}}", answer(null, legacy));
        // a 2026-07-28 client checks that "supported" is a subset of what server/discover announces, and wants its id back
        Finding modern = guard.checkVersion("v999.0.0", true, null).rejection();
        JsonRpcEnvelope discover = envelope("{\"jsonrpc\":\"2.0\",\"id\":301,\"method\":\"server/discover\"}");
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":301,\"error\":{\"code\":-32022,\"message\":\"Unsupported protocol "
                + "version: 'v999.0.0'\",\"data\":{\"supported\":[\"2026-07-28\"],\"requested\":\"v999.0.0\"}}}",
                answer(discover, modern));
    }

    private static String answer(JsonRpcEnvelope request, Finding finding) {
        return new String(JsonRpcErrors.body(finding.withId() ? request : null, finding.code(), finding.message(),
                finding.data()), StandardCharsets.UTF_8);
    }

    @Test
    void aRepeatedHeaderIsRefusedAtTheLevelOfTheCheckThatReadsIt() {
        RequestGuard guard = guard(GuardLevel.ENFORCE);
        assertEquals(Violation.SESSION_ID, guard.repeatedHeader("Mcp-Session-Id", null).violation());
        assertEquals(403, guard.repeatedHeader("Origin", null).rejection().status());
        GuardVerdict method = guard.repeatedHeader("Mcp-Method", null);
        assertEquals(List.of(Violation.HEADER_MISMATCH, 400, -32020), List.of(method.violation(),
                method.rejection().status(), method.rejection().code()));
        assertNull(guard(GuardLevels.all(GuardLevel.OFF)).repeatedHeader("Mcp-Name", null));
    }

    @Test
    void reportCountsEveryFindingWhileTheRowNamesTheFirst() {
        GuardVerdict verdict = headers(guard(GuardLevel.REPORT), "evil.example.com", "http://evil.example.com",
                "a b", "1999-01-01", 10);
        List<Violation> all = new java.util.ArrayList<>();
        verdict.forEachReported(all::add);
        assertFalse(verdict.rejected());
        assertEquals(Violation.HOST, verdict.violation());
        assertEquals(List.of(Violation.ORIGIN, Violation.HOST, Violation.PROTOCOL_VERSION, Violation.SESSION_ID), all);
    }

    @Test
    void underAllowedHostsStarARebindingPageIsStillRefusedForItsOrigin() {
        RequestGuard guard = new RequestGuard(GuardLevels.all(GuardLevel.ENFORCE), HostRules.parse("*", List::of),
                OriginRules.parse("loopback", List::of), MAX_BODY);
        GuardVerdict rebound = guard.checkHeaders(false, "evil.example:8080", "http://evil.example:8080", null, 0);
        assertTrue(rebound != null && rebound.rejected(), "Origin and Host both name the attacker: " + rebound);
        assertEquals(Violation.ORIGIN, rebound.violation());
        assertNull(guard.checkHeaders(false, "evil.example:8080", null, null, 0), "no Origin: not a browser page");
    }

    @Test
    void sameOriginIsAllowedOnlyForAnAllowedHost() {
        RequestGuard guard = new RequestGuard(GuardLevels.all(GuardLevel.ENFORCE),
                HostRules.parse("mcp.example.com", List::of), OriginRules.parse("", List::of), MAX_BODY);
        assertNull(guard.checkHeaders(true, "mcp.example.com", "https://mcp.example.com", null, 0));
        GuardVerdict rebound = guard.checkHeaders(false, "evil.example.com", "http://evil.example.com", null, 0);
        assertEquals(Violation.HOST, rebound.violation(), "Origin and Host agree in a rebinding attack");
    }

    @Test
    void aControlCharacterInTheSessionIdIsRefused() {
        GuardVerdict verdict = headers(guard(GuardLevel.ENFORCE), "localhost", null, "abc\u0001def", null, 0);
        assertEquals(Violation.SESSION_ID, verdict.violation());
        assertEquals(400, verdict.rejection().status());
    }

    @Test
    void reportFindsTheSameButRefusesNothing() {
        GuardVerdict verdict = headers(guard(GuardLevel.REPORT), "evil.example.com", null, null, null, 0);
        assertFalse(verdict.rejected());
        assertEquals(Violation.HOST, verdict.violation());
        assertEquals(Violation.HOST, verdict.reported().violation());
    }

    @Test
    void offFindsNothing() {
        RequestGuard guard = guard(GuardLevel.OFF);
        assertFalse(guard.isOn());
        assertNull(headers(guard, "evil.example.com", "http://evil.example.com", "a b", "bogus", 5000));
    }

    @Test
    void anEnforcedCheckWinsOverAnEarlierReportedOneAndStopsTheRest() {
        RequestGuard guard = guard(new GuardLevels(GuardLevel.REPORT, Map.of(Violation.PROTOCOL_VERSION,
                GuardLevel.ENFORCE)));
        GuardVerdict verdict = headers(guard, "evil.example.com", null, null, "bogus", 5000);
        assertTrue(verdict.rejected());
        assertEquals(Violation.PROTOCOL_VERSION, verdict.violation(), "the refusal names the row");
        assertEquals(Violation.HOST, verdict.reported().violation());
        assertSame(verdict, guard.checkPrincipal("alice", "mallory", verdict));
        assertEquals(Violation.PROTOCOL_VERSION, verdict.violation(), "no check runs after a refusal");
    }

    @Test
    void aBodyOfUnknownLengthOverTheLimitIs413() {
        GuardVerdict verdict = guard(GuardLevel.ENFORCE).bodyTooLarge(null);
        assertEquals(Violation.BODY_TOO_LARGE, verdict.violation());
        assertEquals(413, verdict.rejection().status());
        assertTrue(guard(GuardLevel.ENFORCE).checksBodySize());
        assertFalse(guard(new GuardLevels(GuardLevel.ENFORCE, Map.of(Violation.BODY_TOO_LARGE, GuardLevel.OFF)))
                .checksBodySize());
    }

    @Test
    void aMessageThatNamesAMemberTwiceIsAmbiguous() {
        JsonRpcEnvelope smuggled = envelope("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":{},"
                + "\"method\":\"tools/call\",\"params\":{\"name\":\"delete_all\"}}");
        GuardVerdict verdict = guard(GuardLevel.ENFORCE).checkMessage(smuggled, "2025-11-25", null, null, null);
        assertEquals(Violation.AMBIGUOUS_MESSAGE, verdict.violation());
        assertEquals(400, verdict.rejection().status());
        assertFalse(verdict.rejection().withId(), "which id would it be?");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "Mcp-Method differs           | tools/call | \"name\":\"echo\"            | 2026-07-28 | 2026-07-28 | tools/list | echo",
            "Mcp-Method missing           | tools/call | \"name\":\"echo\"            | 2026-07-28 | 2026-07-28 |            | echo",
            "Mcp-Name differs             | tools/call | \"name\":\"echo\"            | 2026-07-28 | 2026-07-28 | tools/call | delete_all",
            "Mcp-Name missing             | tools/call | \"name\":\"echo\"            | 2026-07-28 | 2026-07-28 | tools/call | ",
            "Mcp-Name differs from the uri| resources/read | \"uri\":\"file:///a\"    | 2026-07-28 | 2026-07-28 | resources/read | file:///b",
            "Mcp-Name bad base64          | prompts/get | \"name\":\"greet\"          | 2026-07-28 | 2026-07-28 | prompts/get | =?base64?***?=",
            "version header differs from _meta | tools/list |                         | 2026-07-28 | 2099-01-01 | tools/list | ",
            "version header missing       | tools/list |                              |            | 2026-07-28 | tools/list | ",
            "Mcp-Method case differs      | tools/list |                              | 2026-07-28 | 2026-07-28 | Tools/List | ",
    })
    void aModernRequestWhoseHeadersDisagreeWithItsBodyIsAHeaderMismatch(String name, String method, String params,
            String versionHeader, String metaVersion, String methodHeader, String nameHeader) {
        GuardVerdict verdict = guard(GuardLevel.ENFORCE).checkMessage(modern(method, params == null ? "" : params,
                metaVersion), versionHeader, methodHeader, nameHeader, null);
        assertTrue(verdict != null && verdict.rejected(), name);
        assertEquals(Violation.HEADER_MISMATCH, verdict.violation(), name);
        assertEquals(400, verdict.rejection().status());
        assertEquals(JsonRpcErrors.HEADER_MISMATCH, verdict.rejection().code());
        assertTrue(verdict.rejection().withId());
    }

    @Test
    void aBase64SentinelNameIsDecodedBeforeComparing() {
        String name = "Hello, 世界";
        String header = "=?base64?" + Base64.getEncoder().encodeToString(name.getBytes(StandardCharsets.UTF_8)) + "?=";
        assertNull(guard(GuardLevel.ENFORCE).checkMessage(modern("tools/call", "\"name\":\"" + name + "\"", MODERN),
                MODERN, "tools/call", header, null));
    }

    @Test
    void mcpParamHeadersAndLegacyRequestsAreNotCompared() {
        RequestGuard guard = guard(GuardLevel.ENFORCE);
        JsonRpcEnvelope legacy = envelope("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":"
                + "{\"name\":\"echo\"}}");
        assertNull(guard.checkMessage(legacy, "2025-11-25", "tools/list", "other", null),
                "Mcp-* headers mean nothing before 2026-07-28");
        JsonRpcEnvelope notification = envelope("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/x\",\"params\":"
                + "{\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\"}}}");
        assertNull(guard.checkMessage(notification, MODERN, null, null, null),
                "2026-07-28 defines no header requirements for notifications");
        JsonRpcEnvelope cut = EnvelopeReader.read("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\""
                .getBytes(StandardCharsets.UTF_8));
        assertNull(guard.checkMessage(cut, MODERN, "tools/list", "echo", null),
                "a message not read whole is not compared");
    }

    @Test
    void aSessionPresentedByAnotherPrincipalIsNotFound() {
        GuardVerdict verdict = guard(GuardLevel.ENFORCE).checkPrincipal("alice", "mallory", null);
        assertEquals(Violation.PRINCIPAL, verdict.violation());
        assertEquals(404, verdict.rejection().status());
        assertEquals(Violation.PRINCIPAL, guard(GuardLevel.ENFORCE).checkPrincipal("alice", null, null).violation(),
                "an anonymous request is another principal");
    }

    @ParameterizedTest
    @CsvSource({"plain, plain", "'=?base64?aGk=?=', hi", "'=?base64??=', ''", "'=?BASE64?aGk=?=', '=?BASE64?aGk=?='"})
    void theSentinelIsCaseSensitiveAndDecodedAsUtf8(String header, String value) {
        assertEquals(value, HeaderValues.decode(header));
    }
}
