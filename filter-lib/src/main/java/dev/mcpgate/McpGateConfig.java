package dev.mcpgate;

import dev.mcpgate.config.ResolvedSettings;
import dev.mcpgate.config.SettingSources;
import dev.mcpgate.config.SettingValues;
import dev.mcpgate.event.Violation;
import dev.mcpgate.guard.GuardLevel;
import dev.mcpgate.guard.GuardLevels;
import dev.mcpgate.guard.HostRules;
import dev.mcpgate.guard.OriginRules;
import dev.mcpgate.guard.RequestGuard;
import dev.mcpgate.redact.Redaction;
import dev.mcpgate.redact.SessionIdDisplay;
import dev.mcpgate.resume.ResumeOptions;
import dev.mcpgate.store.StoreSettings;
import dev.mcpgate.tape.TapeRedaction;
import dev.mcpgate.trace.TracingMode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The checked, typed settings of one {@link McpSessionFilter}, resolved once at {@code init}, one
 * nested record per concern.
 *
 * <p>Each value comes from the first of: filter init-param, context-param
 * {@code dev.mcpgate.<name>}, system property {@code mcpgate.<name>}, environment variable
 * {@code MCPGATE_<NAME>}, the {@link Setting}'s default. {@link Store#password} is read from
 * {@code store-password-file} when that is set. {@link #toString} shows no password. {@link #resolve}
 * reads them with the resolver every McpGate component uses ({@link ResolvedSettings}), which collects
 * every problem — unknown init-params and {@code dev.mcpgate.*} context-params, invalid values — and
 * throws one {@link IllegalArgumentException} that names them all, so a deployment fails once with the
 * whole list rather than once per typo.
 *
 * @param enabled      {@code enabled}: false makes the filter a pass-through
 * @param endpointName {@code endpoint-name}, else the filter's name
 * @param sessions     session mode, bounds and expiry
 * @param capture      how much of each exchange is read
 * @param dispatch     the event queue and its dispatcher
 * @param logging      log lines and how session ids appear in them
 * @param store        the analytics store
 * @param catalogue    the catalogue (list) history
 * @param guard        the spec checks
 * @param resume       SSE resumability
 * @param metrics      Micrometer meters
 * @param tracing      the span per exchange
 * @param interceptors the interceptor chain
 * @param rules        the rules file
 * @param approval     holds for an operator's approval
 * @param tape         the recorder
 * @param pinning      catalogue pinning
 * @param bridge       the era bridge
 */
public record McpGateConfig(
        boolean enabled,
        String endpointName,
        Sessions sessions,
        Capture capture,
        Dispatch dispatch,
        Logging logging,
        Store store,
        Catalogue catalogue,
        Guard guard,
        Resume resume,
        Metrics metrics,
        Tracing tracing,
        Interceptors interceptors,
        Rules rules,
        Approval approval,
        Tape tape,
        Pinning pinning,
        Bridge bridge) {

    /** {@code session-absolute-timeout} when not set, in {@code observe} mode: the server decides, the filter only keeps book. */
    public static final Duration OBSERVE_ABSOLUTE_TIMEOUT = Duration.ofHours(24);
    /** {@code session-absolute-timeout} when not set, in {@code own} mode: the filter's sessions end after 4 hours, however busy. */
    public static final Duration OWN_ABSOLUTE_TIMEOUT = Duration.ofHours(4);

    /**
     * Sessions: {@code mode}, {@code max-sessions}, {@code session-idle-timeout},
     * {@code session-absolute-timeout}, {@code session-sweep-interval}, {@code session-store}.
     *
     * @param storeClass the {@code SessionStore} class name, empty for the usual choice
     */
    public record Sessions(SessionMode mode, int max, Duration idleTimeout, Duration absoluteTimeout,
                           Duration sweepInterval, String storeClass) {
    }

    /** What is read of each exchange: {@code max-request-capture}, {@code max-response-capture}, {@code max-sse-line}. */
    public record Capture(int maxRequest, int maxResponse, int maxSseLine) {
    }

    /**
     * The event queue and its dispatcher: {@code queue-capacity}, {@code batch-size},
     * {@code dispatch-interval}, {@code heartbeat-interval}, {@code executor}.
     */
    public record Dispatch(int queueCapacity, int batchSize, Duration interval, Duration heartbeatInterval,
                           String executor) {

        /** Whether events are dispatched on the filter's own thread instead of a managed executor. */
        public boolean ownExecutorOnly() {
            return executor.isEmpty() || "none".equals(executor);
        }
    }

    /** Log output: {@code log-exchanges}, {@code log-session-ids}. */
    public record Logging(boolean exchanges, SessionIdDisplay sessionIds) {
    }

    /**
     * The analytics store: {@code store} and the {@code store-*} settings. {@link #toString} masks
     * the password and redacts the JDBC URL.
     *
     * @param kind {@code none} or {@code jpa}
     */
    public record Store(String kind, String jdbcUrl, String user, String password, String dataSource, String dataDir,
                        int batchSize, int maxPending, Duration retention, Duration shutdownTimeout,
                        Duration retryBackoff, Duration retryBackoffMax, Duration rollupRetention) {

        /** Whether the analytics store ({@code store=jpa}) is switched on. */
        public boolean enabled() {
            return "jpa".equals(kind);
        }

        @Override
        public String toString() {
            return "Store[kind=" + kind + ", jdbcUrl=" + Redaction.url(jdbcUrl) + ", user=" + user
                    + ", password=" + (password.isEmpty() ? "" : Redaction.MASK) + ", dataSource=" + dataSource
                    + ", dataDir=" + dataDir + ", batchSize=" + batchSize + ", maxPending=" + maxPending
                    + ", retention=" + retention + ", shutdownTimeout=" + shutdownTimeout
                    + ", retryBackoff=" + retryBackoff + ", retryBackoffMax=" + retryBackoffMax
                    + ", rollupRetention=" + rollupRetention + "]";
        }
    }

    /**
     * The catalogue history: {@code schema-history}, {@code schema-max-capture},
     * {@code schema-page-timeout}, {@code schema-max-pages}, {@code schema-max-memory},
     * {@code schema-keep-versions}.
     */
    public record Catalogue(boolean history, int maxCapture, Duration pageTimeout, int maxPages, int maxMemory,
                            int keepVersions) {
    }

    /**
     * The spec checks: {@code guard} and {@code guard-<check>}, {@code allowed-hosts},
     * {@code allowed-origins}, {@code max-request-body}, {@code max-session-id-length},
     * {@code protocol-versions}.
     */
    public record Guard(GuardLevels levels, HostRules allowedHosts, OriginRules allowedOrigins, int maxRequestBody,
                        int maxSessionIdLength, List<String> protocolVersions) {

        public Guard {
            protocolVersions = List.copyOf(protocolVersions);
        }

        /** The guard checks of this endpoint, as its settings have them. */
        public RequestGuard requestGuard() {
            return new RequestGuard(levels, allowedHosts, allowedOrigins, maxRequestBody, maxSessionIdLength,
                    protocolVersions);
        }
    }

    /** SSE resumability: {@code resume} and the settings of its replay logs. */
    public record Resume(boolean enabled, ResumeOptions options) {
    }

    /** Micrometer meters: {@code metrics}, {@code metrics-max-targets}. */
    public record Metrics(MetricsMode mode, int maxTargets) {
    }

    /** Traces: {@code tracing}. */
    public record Tracing(TracingMode mode) {
    }

    /** The interceptor chain: {@code interceptors} (on|off). */
    public record Interceptors(boolean enabled) {
    }

    /**
     * The rules file: {@code rules-file}, {@code rules-check-interval}.
     *
     * @param file          its path, empty for none
     * @param checkInterval how often it is read again; zero for never
     */
    public record Rules(String file, Duration checkInterval) {

        /** Whether a rules file is configured. */
        public boolean enabled() {
            return !file.isEmpty();
        }
    }

    /** Holds for approval: {@code approval-max-holds}, {@code approval-timeout}. */
    public record Approval(int maxHolds, Duration timeout) {
    }

    /**
     * The recorder: {@code tape-dir} (empty: off), {@code tape-redact}, {@code tape-queue-capacity}.
     *
     * @param redact the header names and JSON Pointers of {@code tape-redact}, checked by {@link TapeRedaction}
     */
    public record Tape(String dir, TapeRedaction redact, int queueCapacity) {

        /** Whether exchanges are recorded. */
        public boolean enabled() {
            return !dir.isEmpty();
        }
    }

    /** Catalogue pinning: {@code catalogue-pinning}, {@code pinning-new-items}. */
    public record Pinning(dev.mcpgate.pin.PinningMode mode, dev.mcpgate.pin.NewItems newItems) {

        /** Whether drifted tools are hidden and refused. */
        public boolean enforced() {
            return mode == dev.mcpgate.pin.PinningMode.ENFORCE;
        }
    }

    /**
     * The era bridge: {@code bridge} (on|off) and the {@code bridge-*} settings.
     *
     * @param enabled     whether clients of the other era are translated
     * @param settings    what the translators take ({@code bridge-upstream-era}, {@code bridge-list-ttl},
     *                    {@code bridge-cache-scope}, {@code bridge-session-idle}, {@code bridge-max-sessions},
     *                    {@code bridge-upstream-timeout}, {@code bridge-input-timeout})
     * @param upstreamUrl {@code bridge-upstream-url}: the server's URL, or {@code null} for the loopback to the
     *                    endpoint itself
     * @param threads     {@code bridge-threads}: bridged exchanges running at once
     * @param maxStreams  {@code bridge-max-streams}: bridged long-lived streams open at once, apart from
     *                    {@code threads}
     */
    public record Bridge(boolean enabled, dev.mcpgate.bridge.BridgeSettings settings, java.net.URI upstreamUrl,
                         int threads, int maxStreams) {
    }

    /** Where setting values come from: the filter's name for {@link SettingSources}. */
    public interface Sources extends SettingSources {
    }

    /** The configuration when nothing is set: every default. */
    public static McpGateConfig defaults(String filterName) {
        return resolve(filterName, SettingSources.none());
    }

    /**
     * Resolves and checks every setting.
     *
     * @param filterName the filter's name, the default endpoint name
     * @throws IllegalArgumentException naming every unknown or invalid setting
     */
    public static McpGateConfig resolve(String filterName, SettingSources sources) {
        ResolvedSettings<Setting> p = ResolvedSettings.resolve(Setting.class, sources);
        String endpoint = p.text(Setting.ENDPOINT_NAME).isEmpty() ? filterName : p.text(Setting.ENDPOINT_NAME);
        SessionMode mode = p.parse(Setting.MODE, SessionMode::parse);
        McpGateConfig config = new McpGateConfig(
                p.bool(Setting.ENABLED),
                endpoint,
                new Sessions(mode, p.positiveInt(Setting.MAX_SESSIONS), p.duration(Setting.SESSION_IDLE_TIMEOUT),
                        absoluteTimeout(p, mode), p.duration(Setting.SESSION_SWEEP_INTERVAL),
                        p.text(Setting.SESSION_STORE)),
                new Capture(p.size(Setting.MAX_REQUEST_CAPTURE), p.size(Setting.MAX_RESPONSE_CAPTURE),
                        p.size(Setting.MAX_SSE_LINE)),
                new Dispatch(p.positiveInt(Setting.QUEUE_CAPACITY), p.positiveInt(Setting.BATCH_SIZE),
                        p.duration(Setting.DISPATCH_INTERVAL), p.duration(Setting.HEARTBEAT_INTERVAL),
                        p.text(Setting.EXECUTOR)),
                new Logging(p.bool(Setting.LOG_EXCHANGES), p.parse(Setting.LOG_SESSION_IDS, SessionIdDisplay::parse)),
                store(p),
                new Catalogue(p.bool(Setting.SCHEMA_HISTORY), p.size(Setting.SCHEMA_MAX_CAPTURE),
                        p.duration(Setting.SCHEMA_PAGE_TIMEOUT), p.positiveInt(Setting.SCHEMA_MAX_PAGES),
                        p.size(Setting.SCHEMA_MAX_MEMORY), p.positiveInt(Setting.SCHEMA_KEEP_VERSIONS)),
                new Guard(guardLevels(p), p.parse(Setting.ALLOWED_HOSTS, HostRules::parse),
                        p.parse(Setting.ALLOWED_ORIGINS, OriginRules::parse), p.size(Setting.MAX_REQUEST_BODY),
                        p.positiveInt(Setting.MAX_SESSION_ID_LENGTH),
                        p.parse(Setting.PROTOCOL_VERSIONS, McpGateConfig::parseVersions)),
                new Resume(p.bool(Setting.RESUME), resumeOptions(p)),
                new Metrics(p.parse(Setting.METRICS, MetricsMode::parse), p.positiveInt(Setting.METRICS_MAX_TARGETS)),
                new Tracing(p.parse(Setting.TRACING, TracingMode::parse)),
                new Interceptors(p.parse(Setting.INTERCEPTORS, McpGateConfig::parseSwitch)),
                new Rules(p.text(Setting.RULES_FILE), p.parse(Setting.RULES_CHECK_INTERVAL, McpGateConfig::checkInterval)),
                new Approval(p.positiveInt(Setting.APPROVAL_MAX_HOLDS), p.duration(Setting.APPROVAL_TIMEOUT)),
                new Tape(p.text(Setting.TAPE_DIR), p.parse(Setting.TAPE_REDACT, TapeRedaction::parse),
                        p.positiveInt(Setting.TAPE_QUEUE_CAPACITY)),
                new Pinning(p.parse(Setting.CATALOGUE_PINNING, dev.mcpgate.pin.PinningMode::parse),
                        p.parse(Setting.PINNING_NEW_ITEMS, dev.mcpgate.pin.NewItems::parse)),
                bridge(p));
        checkTogether(config, p);
        p.throwIfProblems("McpGate configuration of filter '" + filterName + "'");
        return config;
    }

    /** The rules between two settings, once each is valid on its own. */
    private static void checkTogether(McpGateConfig config, ResolvedSettings<Setting> p) {
        if (!p.problems().isEmpty()) {
            return;
        }
        if (config.store().retryBackoffMax().compareTo(config.store().retryBackoff()) < 0) {
            p.problem(Setting.STORE_RETRY_BACKOFF_MAX.key() + " must not be shorter than "
                    + Setting.STORE_RETRY_BACKOFF.key());
        }
        if (config.catalogue().maxMemory() < 2L * config.catalogue().maxCapture()) {
            p.problem(Setting.SCHEMA_MAX_MEMORY.key() + " must be at least twice "
                    + Setting.SCHEMA_MAX_CAPTURE.key() + " (open paginations hold at most half of it, and the "
                    + "first page of one may be as large as an answer)");
        }
        if (config.pinning().enforced() && !config.catalogue().history()) {
            p.problem(Setting.CATALOGUE_PINNING.key() + "=enforce needs " + Setting.SCHEMA_HISTORY.key()
                    + "=true: the approved versions are versions of the catalogue history");
        }
    }

    /** The {@code bridge} and {@code bridge-*} settings, checked whether the bridge is on or not. */
    private static Bridge bridge(ResolvedSettings<Setting> p) {
        dev.mcpgate.bridge.BridgeSettings settings = new dev.mcpgate.bridge.BridgeSettings(
                p.parse(Setting.BRIDGE_UPSTREAM_ERA, value -> parseEnum(value, dev.mcpgate.bridge.UpstreamEra.class)),
                p.parse(Setting.BRIDGE_LIST_TTL, McpGateConfig::checkInterval),
                p.parse(Setting.BRIDGE_CACHE_SCOPE, value -> parseEnum(value, dev.mcpgate.bridge.CacheScope.class)),
                p.duration(Setting.BRIDGE_SESSION_IDLE), p.positiveInt(Setting.BRIDGE_MAX_SESSIONS),
                p.duration(Setting.BRIDGE_UPSTREAM_TIMEOUT), p.duration(Setting.BRIDGE_INPUT_TIMEOUT));
        return new Bridge(p.parse(Setting.BRIDGE, McpGateConfig::parseSwitch), settings,
                p.parse(Setting.BRIDGE_UPSTREAM_URL, McpGateConfig::parseUpstreamUrl),
                p.positiveInt(Setting.BRIDGE_THREADS), p.positiveInt(Setting.BRIDGE_MAX_STREAMS));
    }

    /** {@code bridge-upstream-url}: empty (the loopback), or an absolute {@code http}/{@code https} URL. */
    private static java.net.URI parseUpstreamUrl(String value) {
        if (value.isEmpty()) {
            return null;
        }
        try {
            java.net.URI uri = new java.net.URI(value);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return uri;
            }
        } catch (java.net.URISyntaxException e) {
            // named below
        }
        throw new IllegalArgumentException("must be empty or an absolute URL of the http or https scheme");
    }

    /** A closed set's value by its lower-case name ({@code auto}, {@code legacy}, ...). */
    private static <E extends Enum<E>> E parseEnum(String value, Class<E> type) {
        for (E constant : type.getEnumConstants()) {
            if (constant.name().toLowerCase(java.util.Locale.ROOT).equals(value)) {
                return constant;
            }
        }
        throw new IllegalArgumentException("must be one of " + java.util.Arrays.stream(type.getEnumConstants())
                .map(c -> c.name().toLowerCase(java.util.Locale.ROOT)).toList());
    }

    /** An {@code on}/{@code off} setting. */
    private static Boolean parseSwitch(String value) {
        return switch (value) {
            case "on" -> Boolean.TRUE;
            case "off" -> Boolean.FALSE;
            default -> throw new IllegalArgumentException("must be on or off");
        };
    }

    /** The {@code store} and {@code store-*} settings. */
    private static Store store(ResolvedSettings<Setting> p) {
        return new Store(p.parse(Setting.STORE, McpGateConfig::parseStore), p.text(Setting.STORE_JDBC_URL),
                p.raw(Setting.STORE_USER), storePassword(p), p.text(Setting.STORE_DATASOURCE),
                p.text(Setting.STORE_DATA_DIR), p.positiveInt(Setting.STORE_BATCH_SIZE),
                p.positiveInt(Setting.STORE_MAX_PENDING), p.duration(Setting.STORE_RETENTION),
                p.duration(Setting.STORE_SHUTDOWN_TIMEOUT), p.duration(Setting.STORE_RETRY_BACKOFF),
                p.duration(Setting.STORE_RETRY_BACKOFF_MAX), p.duration(Setting.STORE_ROLLUP_RETENTION));
    }

    /**
     * The database password: {@code store-password}, or the content of {@code store-password-file}
     * less its final line break (secrets mounted as files usually end with one). Setting both is a
     * problem, as is a file that cannot be read or is empty; the message names the file, never the
     * password.
     */
    private static String storePassword(ResolvedSettings<Setting> p) {
        String password = p.raw(Setting.STORE_PASSWORD);
        String file = p.text(Setting.STORE_PASSWORD_FILE);
        if (file.isEmpty()) {
            return password;
        }
        String problem = Setting.STORE_PASSWORD_FILE.key() + "='" + file + "': ";
        if (!password.isEmpty()) {
            p.problem(problem + "set " + Setting.STORE_PASSWORD.key() + " or " + Setting.STORE_PASSWORD_FILE.key()
                    + ", not both");
            return password;
        }
        try {
            String content = Files.readString(Path.of(file), StandardCharsets.UTF_8);
            int end = content.length();
            while (end > 0 && (content.charAt(end - 1) == '\n' || content.charAt(end - 1) == '\r')) {
                end--;
            }
            if (end == 0) {
                p.problem(problem + "the file is empty");
            }
            return content.substring(0, end);
        } catch (IOException | InvalidPathException | SecurityException e) {
            p.problem(problem + "cannot be read (" + e.getClass().getSimpleName() + ")");
            return "";
        }
    }

    /**
     * {@code session-absolute-timeout}; empty (the default) means {@link #OWN_ABSOLUTE_TIMEOUT} in
     * {@code own} mode and {@link #OBSERVE_ABSOLUTE_TIMEOUT} in {@code observe} mode.
     */
    private static Duration absoluteTimeout(ResolvedSettings<Setting> p, SessionMode mode) {
        Duration unset = mode == SessionMode.OWN ? OWN_ABSOLUTE_TIMEOUT : OBSERVE_ABSOLUTE_TIMEOUT;
        return p.parse(Setting.SESSION_ABSOLUTE_TIMEOUT, value -> value.isEmpty() ? unset : SettingValues.duration(value));
    }

    /** The settings of SSE resumability, checked whether {@code resume} is on or not. */
    private static ResumeOptions resumeOptions(ResolvedSettings<Setting> p) {
        return new ResumeOptions(p.duration(Setting.SSE_RETRY), p.positiveInt(Setting.REPLAY_MAX_EVENTS),
                p.size(Setting.REPLAY_MAX_STREAM_BYTES), p.size(Setting.REPLAY_MAX_BYTES), p.size(Setting.MAX_SSE_LINE),
                p.optionalDuration(Setting.SSE_HEARTBEAT), p.optionalDuration(Setting.SSE_CLOSE_AFTER),
                p.duration(Setting.RESUME_DETACHED_TIMEOUT));
    }

    /** {@code guard}, and the {@code guard-<check>} settings that are not empty. */
    private static GuardLevels guardLevels(ResolvedSettings<Setting> p) {
        GuardLevel level = p.parse(Setting.GUARD, GuardLevel::parse);
        Map<Violation, GuardLevel> overrides = new EnumMap<>(Violation.class);
        for (Setting setting : Setting.values()) {
            if (setting.guardCheck() != null && !p.text(setting).isEmpty()) {
                overrides.put(setting.guardCheck(), p.parse(setting, GuardLevel::parse));
            }
        }
        return new GuardLevels(level, overrides);
    }

    /** A duration that may be zero ({@code PT0S}: never). */
    static Duration checkInterval(String value) {
        try {
            if (Duration.parse(value).isZero()) {
                return Duration.ZERO;
            }
        } catch (java.time.format.DateTimeParseException e) {
            // SettingValues.duration names the expected form
        }
        return SettingValues.duration(value);
    }

    /** A comma-separated list of well-formed MCP revisions ({@code YYYY-MM-DD}), at least one. */
    static List<String> parseVersions(String value) {
        List<String> versions = new ArrayList<>();
        for (String part : value.split(",")) {
            String version = part.trim();
            if (!dev.mcpgate.protocol.ProtocolVersions.isWellFormed(version)) {
                throw new IllegalArgumentException("'" + version + "' is not an MCP revision (YYYY-MM-DD)");
            }
            if (!versions.contains(version)) {
                versions.add(version);
            }
        }
        return List.copyOf(versions);
    }

    /** What the store takes of these settings ({@code dev.mcpgate.store} does not know this class). */
    public StoreSettings storeSettings() {
        return new StoreSettings(store.enabled(), endpointName, store.jdbcUrl(), store.user(), store.password(),
                store.dataSource(), store.dataDir(), store.batchSize(), store.maxPending(), store.retention(),
                store.shutdownTimeout(), store.retryBackoff(), store.retryBackoffMax(), catalogue.keepVersions(),
                store.rollupRetention());
    }

    private static String parseStore(String value) {
        if (!"none".equals(value) && !"jpa".equals(value)) {
            throw new IllegalArgumentException("must be none or jpa");
        }
        return value;
    }
}
