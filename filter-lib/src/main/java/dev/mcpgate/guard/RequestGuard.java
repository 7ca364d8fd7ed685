package dev.mcpgate.guard;

import dev.mcpgate.event.Violation;
import dev.mcpgate.protocol.HeaderValues;
import dev.mcpgate.protocol.JsonRpcEnvelope;
import dev.mcpgate.protocol.JsonRpcErrors;
import dev.mcpgate.protocol.MessageKind;
import dev.mcpgate.protocol.ProtocolVersions;
import dev.mcpgate.protocol.SessionIds;
import java.util.List;
import java.util.Set;

/**
 * The spec checks the filter runs on a request before the server sees it, as pure logic: each
 * takes what the request said and the {@link GuardVerdict} so far, and returns it (created on the
 * first finding). A check at {@link GuardLevel#OFF} costs a map look-up; once a check refused the
 * request, later checks do not run.
 *
 * <p>The order is the order of the answer a client gets: {@code Host}, {@code Origin}, the session
 * id, the protocol version and a declared body length (all from the headers, before a byte of the
 * body is read: a refused body is never read), then a body longer than declared or of unknown
 * length, a message that names a member twice, the 2026-07-28 header/body agreement, and the
 * session's principal.
 */
public final class RequestGuard {

    /** The protocol revisions the filter knows: the default of {@code protocol-versions}. */
    public static final List<String> KNOWN_VERSIONS = List.of(ProtocolVersions.V2024_11_05,
            ProtocolVersions.V2025_03_26, ProtocolVersions.V2025_06_18, ProtocolVersions.V2025_11_25,
            ProtocolVersions.V2026_07_28);

    /** The default of {@code max-session-id-length}: generous for the UUIDs and hashes servers mint. */
    public static final int MAX_SESSION_ID_LENGTH = 128;

    /** 2026-07-28: the methods whose target is mirrored in {@code Mcp-Name}. */
    private static final Set<String> NAMED_METHODS = Set.of("tools/call", "resources/read", "prompts/get");

    /** Longest client value quoted back in a message. */
    private static final int MAX_QUOTED = 64;

    private final GuardLevels levels;
    private final HostRules hosts;
    private final OriginRules origins;
    private final long maxRequestBody;
    private final boolean on;
    private final int maxSessionIdLength;
    private final List<String> versions;
    /**
     * The {@code supported} member of a -32022 answer, per era. A client of one era can only switch
     * to a revision of that era, and a 2026-07-28 client checks that the list is a subset of what the
     * server's {@code server/discover} announces: it must never name a legacy revision.
     */
    private final String legacyVersionsJson;
    private final String modernVersionsJson;

    /**
     * @param levels         the level of each check
     * @param hosts          {@code allowed-hosts}
     * @param origins        {@code allowed-origins}
     * @param maxRequestBody {@code max-request-body}, in bytes
     */
    public RequestGuard(GuardLevels levels, HostRules hosts, OriginRules origins, long maxRequestBody) {
        this(levels, hosts, origins, maxRequestBody, MAX_SESSION_ID_LENGTH, KNOWN_VERSIONS);
    }

    /**
     * @param maxSessionIdLength {@code max-session-id-length}
     * @param versions           {@code protocol-versions}: the revisions accepted in {@code MCP-Protocol-Version}
     */
    public RequestGuard(GuardLevels levels, HostRules hosts, OriginRules origins, long maxRequestBody,
            int maxSessionIdLength, List<String> versions) {
        this.maxSessionIdLength = maxSessionIdLength;
        this.versions = List.copyOf(versions);
        this.legacyVersionsJson = jsonArray(this.versions.stream().filter(ProtocolVersions::isLegacy).toList());
        this.modernVersionsJson = jsonArray(this.versions.stream().filter(ProtocolVersions::isModern).toList());
        this.levels = levels;
        this.hosts = hosts;
        this.origins = origins;
        this.maxRequestBody = maxRequestBody;
        this.on = levels.anyOn();
    }

    /** Whether any check runs: with every check {@code off}, callers skip the guard entirely. */
    public boolean isOn() {
        return on;
    }

    /** Whether the body length is checked, so that a body of unknown length must be counted up to the limit. */
    public boolean checksBodySize() {
        return levels.level(Violation.BODY_TOO_LARGE) != GuardLevel.OFF;
    }

    public long maxRequestBody() {
        return maxRequestBody;
    }

    /**
     * The checks that need the headers only.
     *
     * @param secure          whether the request came over TLS (the default port of a {@code Host} without one)
     * @param host            the {@code Host} header, or {@code null}
     * @param origin          the {@code Origin} header, or {@code null}
     * @param sessionId       the {@code Mcp-Session-Id} header, or {@code null}
     * @param contentLength   the declared body length, -1 when unknown
     * @return the verdict so far; {@code null} when nothing was found
     */
    public GuardVerdict checkHeaders(boolean secure, String host, String origin, String sessionId, long contentLength) {
        return checkHeaders(secure, host, origin, sessionId, contentLength, null);
    }

    /** {@link #checkHeaders(boolean, String, String, String, long)} after earlier findings {@code v}. */
    public GuardVerdict checkHeaders(boolean secure, String host, String origin, String sessionId, long contentLength,
            GuardVerdict v) {
        boolean hostAllowed = hosts.allows(host, secure ? 443 : 80);
        if (!hostAllowed) {
            v = found(v, Violation.HOST, 403, JsonRpcErrors.INVALID_REQUEST,
                    "Forbidden: Host " + quoted(host) + " is not allowed", null, true);
        }
        // Same-origin passes only for a host allowed by name: under allowed-hosts=* a rebinding page's
        // Origin and Host both name the attacker's host, and would pass as "same origin".
        boolean sameOriginCounts = hostAllowed && !hosts.allowsAny();
        if (origin != null && !origins.allows(origin) && !(sameOriginCounts && OriginRules.sameOrigin(origin, host))) {
            v = found(v, Violation.ORIGIN, 403, JsonRpcErrors.INVALID_REQUEST,
                    "Forbidden: Origin " + quoted(origin) + " is not allowed", null, false);
        }
        if (sessionId != null && !SessionIds.isWellFormed(sessionId, maxSessionIdLength)) {
            v = found(v, Violation.SESSION_ID, 400, JsonRpcErrors.INVALID_REQUEST,
                    "Bad Request: Mcp-Session-Id must be 1 to " + maxSessionIdLength
                            + " visible ASCII characters (0x21-0x7E)", null, true);
        }
        if (contentLength > maxRequestBody) {
            v = tooLarge(v);
        }
        return v;
    }

    /**
     * The {@code MCP-Protocol-Version} header names a revision the filter does not know (absent, it
     * means 2025-03-26 on a legacy request, and a 2026-07-28 request without it is a header
     * mismatch). Checked once the body is read, so that the answer carries the request's id, as a
     * 2026-07-28 client expects of any JSON-RPC error it can tie to its request.
     *
     * @param modern whether the request is of the 2026-07-28 era: its answer lists only the
     *               revisions of that era
     */
    public GuardVerdict checkVersion(String versionHeader, boolean modern, GuardVerdict v) {
        if (versionHeader == null || versions.contains(versionHeader) || stopped(v)) {
            return v;
        }
        return found(v, Violation.PROTOCOL_VERSION, 400, JsonRpcErrors.UNSUPPORTED_PROTOCOL_VERSION,
                "Unsupported protocol version: " + quoted(versionHeader), unsupportedData(versionHeader, modern), true);
    }

    /**
     * A header the guard checks came more than once. Only its first value was checked, while a proxy
     * or server behind may act on the last one or on all of them joined: the split that header
     * validation exists to prevent. Refused at the level of the check that reads that header.
     *
     * @param header the header's name as the guard knows it ({@code Host}, {@code Origin},
     *               {@code Mcp-Session-Id}, {@code MCP-Protocol-Version}, {@code Mcp-Method}, {@code Mcp-Name})
     */
    public GuardVerdict repeatedHeader(String header, GuardVerdict v) {
        String message = "Bad Request: the " + header + " header may appear only once";
        return switch (header) {
            case "Host" -> found(v, Violation.HOST, 400, JsonRpcErrors.INVALID_REQUEST, message, null, false);
            case "Origin" -> found(v, Violation.ORIGIN, 403, JsonRpcErrors.INVALID_REQUEST, message, null, false);
            case "Mcp-Session-Id" -> found(v, Violation.SESSION_ID, 400, JsonRpcErrors.INVALID_REQUEST, message, null,
                    false);
            case "MCP-Protocol-Version" -> found(v, Violation.PROTOCOL_VERSION, 400,
                    JsonRpcErrors.UNSUPPORTED_PROTOCOL_VERSION, message, null, false);
            default -> found(v, Violation.HEADER_MISMATCH, 400, JsonRpcErrors.HEADER_MISMATCH, message, null, false);
        };
    }

    /** A body of unknown length went on past {@code max-request-body}. */
    public GuardVerdict bodyTooLarge(GuardVerdict v) {
        return tooLarge(v);
    }

    private GuardVerdict tooLarge(GuardVerdict v) {
        return found(v, Violation.BODY_TOO_LARGE, 413, JsonRpcErrors.INVALID_REQUEST,
                "Payload Too Large: the request body is longer than " + maxRequestBody + " bytes", null, true);
    }

    /**
     * The checks of the message read from the body: a member named twice, and — for a request of the
     * 2026-07-28 era or later — whether {@code MCP-Protocol-Version}, {@code Mcp-Method} and
     * {@code Mcp-Name} say what the body says. Only a message read whole is compared: one cut at the
     * capture limit cannot be told apart from one that differs after the cut. {@code Mcp-Param-*}
     * headers are not looked at (their meaning lives in each tool's input schema): they pass
     * untouched, as the transport requires of an intermediary that does not know them.
     */
    public GuardVerdict checkMessage(JsonRpcEnvelope envelope, String versionHeader, String methodHeader,
            String nameHeader, GuardVerdict v) {
        if (envelope == null || stopped(v)) {
            return v;
        }
        if (envelope.ambiguous()) {
            v = found(v, Violation.AMBIGUOUS_MESSAGE, 400, JsonRpcErrors.INVALID_REQUEST,
                    "Invalid Request: the message is ambiguous (" + envelope.ambiguity() + ")", null, false);
        }
        if (!envelope.complete() || envelope.kind() != MessageKind.REQUEST) {
            return v;
        }
        boolean modern = ProtocolVersions.isModern(versionHeader) || ProtocolVersions.isModern(envelope.metaProtocolVersion());
        if (modern) {
            String mismatch = headerMismatch(envelope, versionHeader, methodHeader, nameHeader);
            if (mismatch != null) {
                v = found(v, Violation.HEADER_MISMATCH, 400, JsonRpcErrors.HEADER_MISMATCH,
                        "Header mismatch: " + mismatch, null, true);
            }
        }
        return v;
    }

    /**
     * What disagrees between the headers and a 2026-07-28 request body (streamable HTTP, "Server
     * Validation"), or {@code null} when nothing does.
     */
    static String headerMismatch(JsonRpcEnvelope envelope, String versionHeader, String methodHeader,
            String nameHeader) {
        String metaVersion = envelope.metaProtocolVersion();
        if (versionHeader == null) {
            return "the MCP-Protocol-Version header is missing";
        }
        if (metaVersion != null && !metaVersion.equals(versionHeader)) {
            return "MCP-Protocol-Version header value " + quoted(versionHeader) + " does not match body value "
                    + quoted(metaVersion);
        }
        if (methodHeader == null) {
            return "the Mcp-Method header is missing";
        }
        if (!headerSafe(methodHeader)) {
            return "the Mcp-Method header has invalid characters";
        }
        if (!methodHeader.equals(envelope.method())) {
            return "Mcp-Method header value " + quoted(methodHeader) + " does not match body value "
                    + quoted(envelope.method());
        }
        if (!NAMED_METHODS.contains(envelope.method())) {
            return null;
        }
        String bodyName = envelope.method().equals("resources/read") ? envelope.paramsUri() : envelope.paramsName();
        if (nameHeader == null) {
            return "the Mcp-Name header is missing";
        }
        if (!headerSafe(nameHeader)) {
            return "the Mcp-Name header has invalid characters";
        }
        String name = HeaderValues.decode(nameHeader);
        if (name == null) {
            return "the Mcp-Name header is not valid Base64 between =?base64? and ?=";
        }
        if (bodyName != null && !name.equals(bodyName)) {
            return "Mcp-Name header value " + quoted(name) + " does not match body value " + quoted(bodyName);
        }
        return null;
    }

    /**
     * The session a request names was started by another principal: answered like an unknown
     * session (404), never confirming that it exists. A session started without a principal binds
     * nobody.
     *
     * @param sessionPrincipal the principal that started the session, or {@code null}
     * @param requestPrincipal the request's authenticated principal, or {@code null}
     */
    public GuardVerdict checkPrincipal(String sessionPrincipal, String requestPrincipal, GuardVerdict v) {
        if (sessionPrincipal == null || sessionPrincipal.equals(requestPrincipal) || stopped(v)) {
            return v;
        }
        return found(v, Violation.PRINCIPAL, 404, JsonRpcErrors.INVALID_REQUEST,
                "Session not found: start a new session with initialize", null, true);
    }

    private static boolean stopped(GuardVerdict v) {
        return v != null && v.rejected();
    }

    /** Records a finding at its check's level; nothing for a check that is off or after a refusal. */
    private GuardVerdict found(GuardVerdict v, Violation violation, int status, int code, String message, String data,
            boolean withId) {
        GuardLevel level = levels.level(violation);
        if (level == GuardLevel.OFF || stopped(v)) {
            return v;
        }
        GuardVerdict verdict = v == null ? new GuardVerdict() : v;
        verdict.found(level, new Finding(violation, status, code, message, data, withId));
        return verdict;
    }

    /** {@code max-session-id-length}. */
    public int maxSessionIdLength() {
        return maxSessionIdLength;
    }

    /** Visible ASCII, space and tab: what an HTTP field value may hold (RFC 9110). */
    static boolean headerSafe(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!(c == '\t' || (c >= 0x20 && c <= 0x7E))) {
                return false;
            }
        }
        return true;
    }

    private String unsupportedData(String requested, boolean modern) {
        String supported = modern ? modernVersionsJson : legacyVersionsJson;
        StringBuilder json = new StringBuilder(supported.length() + 48);
        json.append("{\"supported\":").append(supported).append(",\"requested\":");
        JsonRpcErrors.quote(cut(requested), json);
        return json.append('}').toString();
    }

    private static String jsonArray(List<String> versions) {
        return versions.isEmpty() ? "[]" : "[\"" + String.join("\",\"", versions) + "\"]";
    }

    /** A client value for a message: quoted, at most {@link #MAX_QUOTED} characters (escaped when written). */
    private static String quoted(String value) {
        return value == null ? "(none)" : "'" + cut(value) + "'";
    }

    private static String cut(String value) {
        return value.length() <= MAX_QUOTED ? value : value.substring(0, MAX_QUOTED) + "...";
    }
}
