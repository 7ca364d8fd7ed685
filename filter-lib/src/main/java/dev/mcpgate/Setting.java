package dev.mcpgate;

import dev.mcpgate.config.SettingDefinition;
import dev.mcpgate.config.SettingFamily;
import dev.mcpgate.event.Violation;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The settings vocabulary of {@link McpSessionFilter}: one constant per setting, of the
 * {@link SettingFamily#FILTER} family (resolved by {@link dev.mcpgate.config.ResolvedSettings}, as the
 * gateway WAR's and the launcher's settings are).
 *
 * <p>A setting named {@code queue-capacity} is read, in this order, from the filter init-param
 * {@code queue-capacity}, the context-param {@code dev.mcpgate.queue-capacity}, the system
 * property {@code mcpgate.queue-capacity}, the environment variable {@code MCPGATE_QUEUE_CAPACITY},
 * and finally its default. Values are checked once, at
 * filter {@code init}: an unknown init-param, an unknown {@code dev.mcpgate.*} context-param or an
 * invalid value fails the deployment with a message that names the setting.
 *
 * <p>Value forms: booleans are {@code true}/{@code false}; durations are ISO-8601
 * ({@code PT30M}); sizes are bytes with an optional {@code KiB}/{@code MiB} suffix.
 */
public enum Setting implements SettingDefinition {

    ENABLED("enabled", "true",
            "Kill switch. false makes the filter a pass-through that reads and records nothing."),
    ENDPOINT_NAME("endpoint-name", "",
            "The name rows and events carry for this endpoint. Empty means the filter's name."),
    MODE("mode", "observe",
            "Session mode. observe: the MCP server mints session ids, the filter tracks them. own: the filter mints and keeps the sessions, for servers that keep none (see Owned sessions)."),
    MAX_REQUEST_CAPTURE("max-request-capture", "1MiB",
            "Request body bytes read ahead to classify the exchange; the rest streams through unread."),
    MAX_RESPONSE_CAPTURE("max-response-capture", "1MiB",
            "JSON response body bytes kept for the outcome; the rest passes through unobserved."),
    MAX_SSE_LINE("max-sse-line", "4MiB",
            "Longest SSE line observed; a longer line passes through to the client but is not parsed (counted)."),
    QUEUE_CAPACITY("queue-capacity", "10000",
            "Events held for dispatch. When full, new events are dropped and counted, never blocking a request."),
    BATCH_SIZE("batch-size", "500",
            "Most events handed to observers and sinks in one batch."),
    DISPATCH_INTERVAL("dispatch-interval", "PT0.1S",
            "Pause between two drains of the event queue."),
    MAX_SESSIONS("max-sessions", "100000",
            "Most sessions tracked at once; beyond it new sessions pass through untracked (counted). In own mode an initialize beyond it is answered 503 with Retry-After (counted)."),
    SESSION_IDLE_TIMEOUT("session-idle-timeout", "PT30M",
            "A session with no request for this long is ended (idle_timeout)."),
    SESSION_ABSOLUTE_TIMEOUT("session-absolute-timeout", "",
            "A session older than this is ended (absolute_timeout). Empty: PT24H in observe mode (the server decides; the filter only keeps book), PT4H in own mode."),
    SESSION_SWEEP_INTERVAL("session-sweep-interval", "PT1M",
            "How often expired sessions are looked for. In own mode also the Retry-After of a 503 (max-sessions reached)."),
    SESSION_STORE("session-store", "",
            "Class name of the SessionStore implementation. Empty: the application's CDI bean of that type, else the one registered in META-INF/services, else in memory."),
    HEARTBEAT_INTERVAL("heartbeat-interval", "PT1M",
            "How often a Heartbeat event reports queue depth, drops and failure counters."),
    LOG_EXCHANGES("log-exchanges", "false",
            "Log one JSON line per exchange to the System.Logger dev.mcpgate.exchanges at INFO."),
    LOG_SESSION_IDS("log-session-ids", "fingerprint",
            "How session ids appear in log lines, log-exchanges lines and analytics API answers. fingerprint: the first 4 characters and a hash (abcd...1f2e3d4c); full: the whole id (debugging). The database keeps the whole id."),
    EXECUTOR("executor", "java:comp/DefaultManagedScheduledExecutorService",
            "JNDI name of the managed scheduled executor that dispatches events and runs the store's writer and the catalogue tracker; when absent (or none), the filter's own three daemon threads."),
    STORE("store", "none",
            "Analytics store. none: nothing is stored. jpa: every event is written to the database (tables mcp_*)."),
    STORE_JDBC_URL("store-jdbc-url", "",
            "JDBC URL of the store's database; empty means embedded Derby in store-data-dir."),
    STORE_USER("store-user", "",
            "Database user for store-jdbc-url."),
    STORE_PASSWORD("store-password", "",
            "Database password for store-jdbc-url. Better from the environment (MCPGATE_STORE_PASSWORD) or store-password-file than on a command line."),
    STORE_PASSWORD_FILE("store-password-file", "",
            "A file whose content (less a final line break) is the database password, read once at init; an unreadable or empty file fails deployment. Not together with store-password."),
    STORE_DATASOURCE("store-datasource", "",
            "JNDI name of a DataSource for the store; takes precedence over store-jdbc-url. Empty: java:app/jdbc/mcpgate when the application declares it."),
    STORE_DATA_DIR("store-data-dir", "",
            "Directory of the embedded Derby database; empty means mcpgate-data in ${catalina.base} (Tomcat), ${jboss.server.data.dir} (WildFly) or ${com.sun.aas.instanceRoot} (Payara), else in the JVM temp dir."),
    STORE_BATCH_SIZE("store-batch-size", "500",
            "Most events the store writes in one transaction (one JDBC batch per table)."),
    STORE_MAX_PENDING("store-max-pending", "50000",
            "Events the store holds while the database is down or slow; beyond it new events are dropped and counted."),
    STORE_RETENTION("store-retention", "P30D",
            "Rows older than this are deleted, in batches, by the store's writer."),
    STORE_SHUTDOWN_TIMEOUT("store-shutdown-timeout", "PT10S",
            "How long undeploy waits for the store to write what it holds; the rest is counted as dropped."),
    STORE_RETRY_BACKOFF("store-retry-backoff", "PT0.25S",
            "First pause of the store's writer after a failed write; it doubles with every failure in a row."),
    STORE_RETRY_BACKOFF_MAX("store-retry-backoff-max", "PT30S",
            "Longest pause of the store's writer between two attempts while the database is down."),
    SCHEMA_HISTORY("schema-history", "true",
            "Keep the history of the tools, prompts and resources lists: versions, diffs, description-only changes."),
    SCHEMA_MAX_CAPTURE("schema-max-capture", "4MiB",
            "Largest list answer (one page) kept for the catalogue history; a larger one is not recorded (counted)."),
    SCHEMA_PAGE_TIMEOUT("schema-page-timeout", "PT5M",
            "A paginated list whose next page does not come within this time is abandoned (counted)."),
    SCHEMA_MAX_PAGES("schema-max-pages", "1000",
            "Most pages merged into one list; a longer pagination is abandoned (counted)."),
    SCHEMA_MAX_MEMORY("schema-max-memory", "32MiB",
            "Bytes the catalogue history holds at once: list answers waiting for its thread, the pages of open paginations (at most half) and lists held for a retry; beyond it answers are dropped and the oldest paginations evicted (counted). At least twice schema-max-capture."),
    SCHEMA_KEEP_VERSIONS("schema-keep-versions", "100",
            "Catalogue versions always kept per list (the newest); older ones go once they are also older than store-retention (never a list's current version)."),
    GUARD("guard", "report",
            "Level of the spec checks (see Security). off: none run. report: the exchange passes, its row names what enforce would have refused. enforce: refused with the status and JSON-RPC error the spec prescribes. The gateway WAR defaults to enforce."),
    GUARD_ORIGIN("guard-origin", Violation.ORIGIN,
            "Level of the Origin check (403 for an Origin not in allowed-origins); empty: the guard setting."),
    GUARD_HOST("guard-host", Violation.HOST,
            "Level of the Host check against DNS rebinding (403 for a Host not in allowed-hosts); empty: the guard setting."),
    GUARD_PROTOCOL_VERSION("guard-protocol-version", Violation.PROTOCOL_VERSION,
            "Level of the MCP-Protocol-Version check (400 for a revision the endpoint does not speak); empty: the guard setting."),
    GUARD_HEADER_MATCH("guard-header-match", Violation.HEADER_MISMATCH,
            "Level of the 2026-07-28 header check (400, -32020 when Mcp-Method, Mcp-Name or the version header disagree with the body); empty: the guard setting."),
    GUARD_BODY_SIZE("guard-body-size", Violation.BODY_TOO_LARGE,
            "Level of the body size check (413 for a body over max-request-body); empty: the guard setting."),
    GUARD_AMBIGUOUS_MESSAGE("guard-ambiguous-message", Violation.AMBIGUOUS_MESSAGE,
            "Level of the duplicate-member check (400 for a message that names a member twice or carries content after it); empty: the guard setting."),
    GUARD_SESSION_ID("guard-session-id", Violation.SESSION_ID,
            "Level of the session id check (400 for an id over 128 characters or outside visible ASCII); empty: the guard setting."),
    GUARD_PRINCIPAL("guard-principal", Violation.PRINCIPAL,
            "Level of the principal binding (404 when a session is presented by another authenticated user than the one that created it); empty: the guard setting."),
    GUARD_ERROR_BODY("guard-error-body", Violation.ERROR_BODY,
            "Level of error hygiene (an error answer that is not JSON-RPC, such as a stack trace or an HTML page, is replaced by a JSON-RPC error with the same status); empty: the guard setting."),
    ALLOWED_HOSTS("allowed-hosts", "loopback,local",
            "Host header values the endpoint answers (DNS rebinding): name (any port), name:port, *.domain, loopback (localhost, 127.0.0.1, [::1]), local (this machine's own names and interface addresses), * (any)."),
    ALLOWED_ORIGINS("allowed-origins", "loopback,local",
            "Origin header values allowed besides same-origin: scheme://host (default port), scheme://host:port, scheme://host:*, loopback, local, * (any)."),
    MAX_REQUEST_BODY("max-request-body", "4MiB",
            "Longest request body; a longer one is refused with 413 (guard-body-size), read no further."),
    MAX_SESSION_ID_LENGTH("max-session-id-length", "128",
            "Longest Mcp-Session-Id accepted (guard-session-id); the transport only requires visible ASCII. Raise it for a server that mints longer ids (JWTs); ids over 128 characters are not tracked, so principal binding does not cover them."),
    PROTOCOL_VERSIONS("protocol-versions", "2024-11-05,2025-03-26,2025-06-18,2025-11-25,2026-07-28",
            "MCP revisions the endpoint accepts in MCP-Protocol-Version (guard-protocol-version); list what the server behind speaks. A refusal names those of the request's era as supported."),
    RESUME("resume", "false",
            "SSE resumability for legacy-era streams (see Resumable streams): McpGate numbers every event, primes each stream, keeps a replay log per stream and answers GET with Last-Event-ID. The gateway WAR turns it on."),
    SSE_RETRY("sse-retry", "PT1S",
            "The retry: delay each priming event tells a client to wait before it reconnects (resume)."),
    REPLAY_MAX_EVENTS("replay-max-events", "256",
            "Events kept per stream for a client that resumes (resume); older ones are evicted and a resume after them is told how many it lost."),
    REPLAY_MAX_STREAM_BYTES("replay-max-stream-bytes", "1MiB",
            "Bytes of events kept per stream (resume); a larger event is not kept."),
    REPLAY_MAX_BYTES("replay-max-bytes", "64MiB",
            "Bytes of events kept across every stream of the endpoint (resume); the streams holding events longest lose their oldest first."),
    SSE_HEARTBEAT("sse-heartbeat", "PT30S",
            "A comment line on a resumable stream idle that long, so that proxies keep it open (resume); empty for none."),
    SSE_CLOSE_AFTER("sse-close-after", "",
            "Closes the connection of a POST stream open that long (resume), the 2025-11-25 polling pattern: the client resumes with GET and Last-Event-ID. Empty: never."),
    RESUME_DETACHED_TIMEOUT("resume-detached-timeout", "PT5M",
            "How long McpGate keeps reading a resumable answer whose client went away without resuming (resume); then the server is told the client is gone."),
    METRICS("metrics", "auto",
            "Micrometer meters (see Metrics). auto: recorded when Micrometer is on the class path and a MeterRegistry is found (the application's CDI bean, else the one the gateway WAR hands over). on: the same, and deployment fails when there is none. off: none."),
    METRICS_MAX_TARGETS("metrics-max-targets", "200",
            "Distinct tool names, prompt names and resource URIs recorded as metric attributes; later new ones are recorded as _other (counted in mcpgate.metrics.targets.folded)."),
    STORE_ROLLUP_RETENTION("store-rollup-retention", "P400D",
            "Hourly rollups (mcp_rollup_hour, mcp_rollup_client_hour, mcp_rollup_slow_hour, mcp_rollup_session_hour) older than this are deleted by the store's writer; kept apart from store-retention's raw rows, so that long windows still answer after the rows are gone."),

    // traces (dev.mcpgate.trace)
    TRACING("tracing", "auto",
            "One OpenTelemetry span per exchange (see Traces). auto: when the OpenTelemetry API is on the class path (an agent's or the application's SDK records them). on: the same, and a deployment without the API fails. off: none, and no OpenTelemetry class is loaded."),

    // interceptors (dev.mcpgate.intercept)
    INTERCEPTORS("interceptors", "on",
            "Kill switch of the interceptor chain (see Interceptors). on: every JSON-RPC request goes through the interceptors found (CDI beans and META-INF/services of type dev.mcpgate.intercept.McpInterceptor, and the built-ins other settings turn on). off: none is looked up or called."),

    // the rules file (dev.mcpgate.rules)
    RULES_FILE("rules-file", "",
            "Path of the rules file (JSON, or YAML when it ends in .yaml or .yml): allow, deny, rewrite, mock, delay, hold and rate-limit rules, and list filtering (see Rules file reference). Empty: no rules. An invalid file fails deployment, naming every problem."),
    RULES_CHECK_INTERVAL("rules-check-interval", "PT2S",
            "How often the rules file is read again; a changed valid file replaces the rules at once, a broken one keeps the rules in force (logged, counted). PT0S: never (read at start only)."),
    // approvals (dev.mcpgate.approval)
    APPROVAL_MAX_HOLDS("approval-max-holds", "16",
            "Most calls waiting at once for an operator's approval (the rules' hold action; each waits on its request thread); one more is refused at once with HTTP 503 and a JSON-RPC error. Identical calls share one hold."),
    APPROVAL_TIMEOUT("approval-timeout", "PT5M",
            "How long a held call waits for an operator's approval when its rule gives no timeout; then the client gets a JSON-RPC error (timed_out, HTTP 200), and the decision is stored."),
    // recorder (dev.mcpgate.tape)
    TAPE_DIR("tape-dir", "",
            "Directory of the recorder's tapes: one JSON line per exchange (time, era, session fingerprint, method, id, params, result or error, latency) in tape-YYYY-MM-DD.jsonl (UTC day), written off the request thread. Empty: no recording."),
    TAPE_REDACT("tape-redact", "",
            "Comma-separated header names and JSON Pointers into a tape line (/params/..., /result/..., /error/...) whose values the tape shows as [redacted]. Authorization and Cookie always are."),
    TAPE_QUEUE_CAPACITY("tape-queue-capacity", "4096",
            "Exchanges waiting for the tape writer; when it is full, further ones are not recorded and counted (logged once a minute)."),
    // catalogue pinning (dev.mcpgate.pin)
    CATALOGUE_PINNING("catalogue-pinning", "off",
            "Catalogue pinning (see Catalogue pinning). enforce: once an operator approved a version of the tool catalogue, a tool whose definition differs from the approved one (any field, a description alone included) is hidden from tools/list and its calls are refused until a version with it is approved. Needs schema-history=true. off: the history only records and reports changes."),
    PINNING_NEW_ITEMS("pinning-new-items", "hide",
            "With catalogue-pinning=enforce, what happens to a tool the approved version lacks. hide: hidden and refused like a changed one. show: listed and callable."),
    // the era bridge (dev.mcpgate.bridge)
    BRIDGE("bridge", "off",
            "The era bridge (see Two eras). on: a client of the other era than the server behind the filter (2026-07-28 against 2024-11-05 ... 2025-11-25, or the reverse) is translated for it, in-process; each exchange is stored with both eras. off: every exchange goes to the server as it came. The gateway WAR defaults to on."),
    BRIDGE_UPSTREAM_ERA("bridge-upstream-era", "auto",
            "The era of the server behind the filter. auto: learned at the first exchange of a known era by a server/discover call (a 2026-07-28 result is modern, the MCP server's own refusal or another result legacy), kept until the filter stops; a probe that tells nothing (failed, 5xx, 401/403/429, a redirect, no JSON-RPC answer) is tried again at the next exchange. legacy or modern: taken as said."),
    BRIDGE_UPSTREAM_URL("bridge-upstream-url", "",
            "Where the bridge calls the server in its own era. Empty: the same endpoint again, over the loopback address, the local port of the first bridged plain-HTTP request and the servlet's mapped path (plain HTTP; set it when the connector is TLS-only: a TLS request teaches nothing and exchanges then go on unbridged), with a secret marker header that lets the call through unbridged."),
    BRIDGE_LIST_TTL("bridge-list-ttl", "PT0S",
            "The ttlMs the bridge puts on list, read and server/discover results of a legacy server for 2026-07-28 clients (a legacy server says nothing of caching). PT0S: ttlMs 0, immediately stale."),
    BRIDGE_CACHE_SCOPE("bridge-cache-scope", "private",
            "The cacheScope put beside bridge-list-ttl. private: never shared across authorization contexts. public: shared intermediaries may cache the result."),
    BRIDGE_SESSION_IDLE("bridge-session-idle", "PT10M",
            "A pooled upstream session (2026-07-28 clients of a legacy server) or a minted one (legacy clients of a 2026-07-28 server) unused this long is ended."),
    BRIDGE_MAX_SESSIONS("bridge-max-sessions", "1000",
            "Most bridge sessions of each kind; past it the least recently used pooled session that no listen or parked call holds is ended; for legacy clients the least recently used minted session that did nothing after its initialize is ended, and when every one is working the initialize is answered 503."),
    BRIDGE_UPSTREAM_TIMEOUT("bridge-upstream-timeout", "PT60S",
            "Longest wait for the head of the server's answer to a bridged call; then the client gets HTTP 502 and a JSON-RPC error."),
    BRIDGE_INPUT_TIMEOUT("bridge-input-timeout", "PT5M",
            "How long a bridged call waiting for the client's input (an input-required result, or a server-to-client request) is kept before it is cancelled."),
    BRIDGE_THREADS("bridge-threads", "16",
            "Bridged requests being translated at once (each holds a bridge thread while it waits for the server, a legacy client's call also while it waits for that client's input); one more is answered 503 with Retry-After and JSON-RPC error -32000. Long-lived streams run apart (see bridge-max-streams)."),
    BRIDGE_MAX_STREAMS("bridge-max-streams", "256",
            "Bridged long-lived streams open at once (a 2026-07-28 client's subscriptions/listen, a legacy client's GET stream), each on its own thread apart from bridge-threads, so that open streams never starve request translation; one more is answered 503 with Retry-After and JSON-RPC error -32000.");

    private static final Map<String, Setting> BY_KEY = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(Setting::key, Function.identity()));

    private final String key;
    private final String defaultValue;
    private final String description;
    private final Violation guardCheck;

    Setting(String key, String defaultValue, String description) {
        this(key, defaultValue, description, null);
    }

    /** A {@code guard-<check>} setting: empty by default, which means the {@code guard} setting's level. */
    Setting(String key, Violation guardCheck, String description) {
        this(key, "", description, guardCheck);
    }

    private Setting(String key, String defaultValue, String description, Violation guardCheck) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.description = description;
        this.guardCheck = guardCheck;
    }

    @Override
    public SettingFamily family() {
        return SettingFamily.FILTER;
    }

    /** The init-param name, e.g. {@code queue-capacity}. */
    @Override
    public String key() {
        return key;
    }

    /** The system property name, e.g. {@code mcpgate.queue-capacity}. */
    public String systemProperty() {
        return systemProperties().get(0);
    }

    /** The environment variable name, e.g. {@code MCPGATE_QUEUE_CAPACITY}. */
    public String environmentVariable() {
        return environmentVariables().get(0);
    }

    @Override
    public String defaultValue() {
        return defaultValue;
    }

    @Override
    public String description() {
        return description;
    }

    /**
     * The check whose level this {@code guard-<check>} setting sets, or {@code null} for any other
     * setting. This is the one place that pairs a setting with its check; the checks that have a
     * level at all are those with {@link Violation#hasLevel()}.
     */
    public Violation guardCheck() {
        return guardCheck;
    }

    /** The setting with this init-param name, if any (case-sensitive, as web.xml is). */
    public static Optional<Setting> byKey(String key) {
        return Optional.ofNullable(BY_KEY.get(key));
    }

    @Override
    public String toString() {
        return key.toLowerCase(Locale.ROOT);
    }
}
