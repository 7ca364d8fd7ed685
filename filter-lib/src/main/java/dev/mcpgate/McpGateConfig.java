package dev.mcpgate;

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
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The checked, typed settings of one {@link McpSessionFilter}, resolved once at {@code init}, one
 * nested record per concern.
 *
 * <p>Each value comes from the first of: filter init-param, context-param
 * {@code dev.mcpgate.<name>}, system property {@code mcpgate.<name>}, environment variable
 * {@code MCPGATE_<NAME>}, the {@link Setting}'s default. {@link Store#password} is read from
 * {@code store-password-file} when that is set. {@link #toString} shows no password. {@link #resolve} collects every problem and throws one
 * {@link IllegalArgumentException} that names them all, so a deployment fails once with the whole
 * list rather than once per typo.
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
        Resume resume) {

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
                        Duration retryBackoff, Duration retryBackoffMax) {

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
                    + ", retryBackoff=" + retryBackoff + ", retryBackoffMax=" + retryBackoffMax + "]";
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

    /** Where setting values come from, in the order they are consulted. */
    public interface Sources {
        /** Names of the filter's init-params. */
        Collection<String> initParamNames();

        /** An init-param value, or {@code null}. */
        String initParam(String name);

        /** Names of the context-params (all of them; only {@code dev.mcpgate.*} ones are checked). */
        Collection<String> contextParamNames();

        /** A context-param value, or {@code null}. */
        String contextParam(String name);

        /** A system property, or {@code null}. */
        default String systemProperty(String name) {
            return System.getProperty(name);
        }

        /** An environment variable, or {@code null}. */
        default String environmentVariable(String name) {
            return System.getenv(name);
        }
    }

    /** The configuration when nothing is set: every default. */
    public static McpGateConfig defaults(String filterName) {
        return resolve(filterName, new Sources() {
            @Override
            public Collection<String> initParamNames() {
                return List.of();
            }

            @Override
            public String initParam(String name) {
                return null;
            }

            @Override
            public Collection<String> contextParamNames() {
                return List.of();
            }

            @Override
            public String contextParam(String name) {
                return null;
            }

            @Override
            public String systemProperty(String name) {
                return null;
            }

            @Override
            public String environmentVariable(String name) {
                return null;
            }
        });
    }

    /**
     * Resolves and checks every setting.
     *
     * @param filterName the filter's name, the default endpoint name
     * @throws IllegalArgumentException naming every unknown or invalid setting
     */
    public static McpGateConfig resolve(String filterName, Sources sources) {
        List<String> problems = new ArrayList<>();
        rejectUnknownNames(sources, problems);
        Map<Setting, String> raw = new EnumMap<>(Setting.class);
        for (Setting setting : Setting.values()) {
            raw.put(setting, rawValue(setting, sources));
        }
        Parser p = new Parser(raw, problems);
        String endpoint = raw.get(Setting.ENDPOINT_NAME).isBlank() ? filterName : raw.get(Setting.ENDPOINT_NAME).trim();
        SessionMode mode = p.parse(Setting.MODE, SessionMode::parse);
        McpGateConfig config = new McpGateConfig(
                p.bool(Setting.ENABLED),
                endpoint,
                new Sessions(mode, p.positiveInt(Setting.MAX_SESSIONS), p.duration(Setting.SESSION_IDLE_TIMEOUT),
                        absoluteTimeout(p, mode), p.duration(Setting.SESSION_SWEEP_INTERVAL),
                        raw.get(Setting.SESSION_STORE).trim()),
                new Capture(p.size(Setting.MAX_REQUEST_CAPTURE), p.size(Setting.MAX_RESPONSE_CAPTURE),
                        p.size(Setting.MAX_SSE_LINE)),
                new Dispatch(p.positiveInt(Setting.QUEUE_CAPACITY), p.positiveInt(Setting.BATCH_SIZE),
                        p.duration(Setting.DISPATCH_INTERVAL), p.duration(Setting.HEARTBEAT_INTERVAL),
                        raw.get(Setting.EXECUTOR).trim()),
                new Logging(p.bool(Setting.LOG_EXCHANGES), p.parse(Setting.LOG_SESSION_IDS, SessionIdDisplay::parse)),
                store(raw, p, problems),
                new Catalogue(p.bool(Setting.SCHEMA_HISTORY), p.size(Setting.SCHEMA_MAX_CAPTURE),
                        p.duration(Setting.SCHEMA_PAGE_TIMEOUT), p.positiveInt(Setting.SCHEMA_MAX_PAGES),
                        p.size(Setting.SCHEMA_MAX_MEMORY), p.positiveInt(Setting.SCHEMA_KEEP_VERSIONS)),
                new Guard(guardLevels(raw, p), p.parse(Setting.ALLOWED_HOSTS, HostRules::parse),
                        p.parse(Setting.ALLOWED_ORIGINS, OriginRules::parse), p.size(Setting.MAX_REQUEST_BODY),
                        p.positiveInt(Setting.MAX_SESSION_ID_LENGTH),
                        p.parse(Setting.PROTOCOL_VERSIONS, McpGateConfig::parseVersions)),
                new Resume(p.bool(Setting.RESUME), resumeOptions(p)));
        if (problems.isEmpty() && config.store().retryBackoffMax().compareTo(config.store().retryBackoff()) < 0) {
            problems.add(Setting.STORE_RETRY_BACKOFF_MAX.key() + " must not be shorter than "
                    + Setting.STORE_RETRY_BACKOFF.key());
        }
        if (problems.isEmpty() && config.catalogue().maxMemory() < 2L * config.catalogue().maxCapture()) {
            problems.add(Setting.SCHEMA_MAX_MEMORY.key() + " must be at least twice "
                    + Setting.SCHEMA_MAX_CAPTURE.key() + " (open paginations hold at most half of it, and the "
                    + "first page of one may be as large as an answer)");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("McpGate configuration of filter '" + filterName + "' is invalid: "
                    + String.join("; ", problems));
        }
        return config;
    }

    /** The {@code store} and {@code store-*} settings. */
    private static Store store(Map<Setting, String> raw, Parser p, List<String> problems) {
        return new Store(p.parse(Setting.STORE, McpGateConfig::parseStore), raw.get(Setting.STORE_JDBC_URL).trim(),
                raw.get(Setting.STORE_USER), storePassword(raw, problems), raw.get(Setting.STORE_DATASOURCE).trim(),
                raw.get(Setting.STORE_DATA_DIR).trim(), p.positiveInt(Setting.STORE_BATCH_SIZE),
                p.positiveInt(Setting.STORE_MAX_PENDING), p.duration(Setting.STORE_RETENTION),
                p.duration(Setting.STORE_SHUTDOWN_TIMEOUT), p.duration(Setting.STORE_RETRY_BACKOFF),
                p.duration(Setting.STORE_RETRY_BACKOFF_MAX));
    }

    /**
     * The database password: {@code store-password}, or the content of {@code store-password-file}
     * less its final line break (secrets mounted as files usually end with one). Setting both is a
     * problem, as is a file that cannot be read or is empty; the message names the file, never the
     * password.
     */
    private static String storePassword(Map<Setting, String> raw, List<String> problems) {
        String password = raw.get(Setting.STORE_PASSWORD);
        String file = raw.get(Setting.STORE_PASSWORD_FILE).trim();
        if (file.isEmpty()) {
            return password;
        }
        String problem = Setting.STORE_PASSWORD_FILE.key() + "='" + file + "': ";
        if (!password.isEmpty()) {
            problems.add(problem + "set " + Setting.STORE_PASSWORD.key() + " or " + Setting.STORE_PASSWORD_FILE.key()
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
                problems.add(problem + "the file is empty");
            }
            return content.substring(0, end);
        } catch (IOException | InvalidPathException | SecurityException e) {
            problems.add(problem + "cannot be read (" + e.getClass().getSimpleName() + ")");
            return "";
        }
    }

    /**
     * {@code session-absolute-timeout}; empty (the default) means {@link #OWN_ABSOLUTE_TIMEOUT} in
     * {@code own} mode and {@link #OBSERVE_ABSOLUTE_TIMEOUT} in {@code observe} mode.
     */
    private static Duration absoluteTimeout(Parser p, SessionMode mode) {
        Duration unset = mode == SessionMode.OWN ? OWN_ABSOLUTE_TIMEOUT : OBSERVE_ABSOLUTE_TIMEOUT;
        return p.parse(Setting.SESSION_ABSOLUTE_TIMEOUT, value -> value.isEmpty() ? unset : Parser.parseDuration(value));
    }

    /** The settings of SSE resumability, checked whether {@code resume} is on or not. */
    private static ResumeOptions resumeOptions(Parser p) {
        return new ResumeOptions(p.duration(Setting.SSE_RETRY), p.positiveInt(Setting.REPLAY_MAX_EVENTS),
                p.size(Setting.REPLAY_MAX_STREAM_BYTES), p.size(Setting.REPLAY_MAX_BYTES), p.size(Setting.MAX_SSE_LINE),
                optionalDuration(p, Setting.SSE_HEARTBEAT), optionalDuration(p, Setting.SSE_CLOSE_AFTER),
                p.duration(Setting.RESUME_DETACHED_TIMEOUT));
    }

    /** A duration that may be left empty: {@code null} then. */
    private static Duration optionalDuration(Parser p, Setting setting) {
        return p.parse(setting, value -> value.isEmpty() ? null : Parser.parseDuration(value));
    }

    /** {@code guard}, and the {@code guard-<check>} settings that are not empty. */
    private static GuardLevels guardLevels(Map<Setting, String> raw, Parser p) {
        GuardLevel level = p.parse(Setting.GUARD, GuardLevel::parse);
        Map<Violation, GuardLevel> overrides = new EnumMap<>(Violation.class);
        for (Setting setting : Setting.values()) {
            if (setting.guardCheck() != null && !raw.get(setting).isBlank()) {
                overrides.put(setting.guardCheck(), p.parse(setting, GuardLevel::parse));
            }
        }
        return new GuardLevels(level, overrides);
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
                store.shutdownTimeout(), store.retryBackoff(), store.retryBackoffMax(), catalogue.keepVersions());
    }

    private static String parseStore(String value) {
        if (!"none".equals(value) && !"jpa".equals(value)) {
            throw new IllegalArgumentException("must be none or jpa");
        }
        return value;
    }

    private static void rejectUnknownNames(Sources sources, List<String> problems) {
        for (String name : sources.initParamNames()) {
            if (Setting.byKey(name).isEmpty()) {
                problems.add("unknown init-param '" + name + "'");
            }
        }
        for (String name : sources.contextParamNames()) {
            String key = name.startsWith(Setting.CONTEXT_PARAM_PREFIX)
                    ? name.substring(Setting.CONTEXT_PARAM_PREFIX.length()) : null;
            // dev.mcpgate.<component>.<name> belongs to another McpGate component (the WAR's dev.mcpgate.gateway.*)
            if (key != null && key.indexOf('.') < 0 && Setting.byKey(key).isEmpty()) {
                problems.add("unknown context-param '" + name + "'");
            }
        }
    }

    private static String rawValue(Setting setting, Sources sources) {
        String value = sources.initParam(setting.key());
        if (value == null) {
            value = sources.contextParam(setting.contextParam());
        }
        if (value == null) {
            value = sources.systemProperty(setting.systemProperty());
        }
        if (value == null) {
            value = sources.environmentVariable(setting.environmentVariable());
        }
        return value == null ? setting.defaultValue() : value;
    }

    /** Parses raw values, collecting a problem per invalid one instead of stopping at the first. */
    private static final class Parser {
        private final Map<Setting, String> raw;
        private final List<String> problems;

        Parser(Map<Setting, String> raw, List<String> problems) {
            this.raw = raw;
            this.problems = problems;
        }

        <T> T parse(Setting setting, java.util.function.Function<String, T> parser) {
            String value = raw.get(setting).trim();
            try {
                return parser.apply(value);
            } catch (RuntimeException e) {
                problems.add(setting.key() + "='" + value + "': " + e.getMessage());
                return parser.apply(setting.defaultValue());
            }
        }

        boolean bool(Setting setting) {
            return parse(setting, Parser::parseBoolean);
        }

        int positiveInt(Setting setting) {
            return parse(setting, Parser::parsePositiveInt);
        }

        int size(Setting setting) {
            return parse(setting, Parser::parseSize);
        }

        Duration duration(Setting setting) {
            return parse(setting, Parser::parseDuration);
        }

        private static boolean parseBoolean(String value) {
            return switch (value) {
                case "true" -> true;
                case "false" -> false;
                default -> throw new IllegalArgumentException("must be true or false");
            };
        }

        private static int parsePositiveInt(String value) {
            int number;
            try {
                number = Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("must be a whole number greater than 0");
            }
            if (number <= 0) {
                throw new IllegalArgumentException("must be greater than 0");
            }
            return number;
        }

        private static int parseSize(String value) {
            UnaryOperator<Long> unit = UnaryOperator.identity();
            String number = value;
            if (value.endsWith("KiB")) {
                number = value.substring(0, value.length() - 3).trim();
                unit = n -> n * 1024L;
            } else if (value.endsWith("MiB")) {
                number = value.substring(0, value.length() - 3).trim();
                unit = n -> n * 1024L * 1024L;
            }
            long bytes;
            try {
                bytes = unit.apply(Long.parseLong(number));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("must be a size in bytes, optionally with KiB or MiB (e.g. 512KiB)");
            }
            if (bytes <= 0 || bytes > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("must be between 1 byte and 2047MiB");
            }
            return (int) bytes;
        }

        private static Duration parseDuration(String value) {
            Duration duration;
            try {
                duration = Duration.parse(value);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("must be an ISO-8601 duration (e.g. PT30M)");
            }
            if (duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException("must be longer than zero");
            }
            return duration;
        }
    }
}
