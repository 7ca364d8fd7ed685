package dev.mcpgate.bench;

import java.util.List;

/**
 * One measured configuration: what serves its context path, and whether {@code McpSessionFilter}
 * stands in front, and where its analytics store writes. To add one, add a constant here with its
 * server {@link Kind} and {@link Store}, wire them in {@link BenchServer}; pairs to compare are in
 * {@link #PAIRS}.
 */
public enum Configuration {
    FLOOR("floor", Kind.FLOOR, false),
    FLOOR_OBSERVE("floor-observe", Kind.FLOOR, true),
    BARE("bare", Kind.SDK, false),
    /** The SDK servlet behind the filter at the library's defaults ({@code guard=report}), no store. */
    OBSERVE_NOSTORE("observe-nostore", Kind.SDK, true),
    /** The same with {@code guard=off}: against {@link #OBSERVE_NOSTORE}, what the guard's checks cost. */
    OBSERVE_GUARD_OFF("observe-guard-off", Kind.SDK, true, Store.NONE, "off"),
    /** The same with {@code guard=enforce} (the gateway WAR's default): checks, and error hygiene armed. */
    OBSERVE_ENFORCE("observe-enforce", Kind.SDK, true, Store.NONE, "enforce"),
    /**
     * The same as {@link #OBSERVE_NOSTORE} with {@code resume=true}: every SSE answer rewritten (McpGate's
     * event ids, a priming event) and kept in a replay log; against {@link #OBSERVE_NOSTORE}, what
     * resumability costs.
     */
    OBSERVE_RESUME("observe-resume", Kind.SDK, true, Store.NONE, "report", true),
    /** The SDK servlet behind the filter with {@code store=jpa}: embedded Derby in a fresh temp directory. */
    OBSERVE_DERBY("observe-derby", Kind.SDK, true, Store.DERBY),
    /** The same with {@code store-jdbc-url} to an embedded PostgreSQL that {@link BenchServer} starts. */
    OBSERVE_POSTGRES("observe-postgres", Kind.SDK, true, Store.POSTGRES),
    /** The SDK servlet alone, like {@code bare}: the upstream server of {@code gateway-proxied-*}, called directly. */
    GATEWAY_DIRECT("gateway-direct", Kind.SDK, false),
    /**
     * The gateway WAR's {@code /mcp}: {@code McpSessionFilter} (mapped as in the WAR's {@code web.xml},
     * no store) in front of {@code UpstreamProxyServlet}, whose upstream is {@code gateway-direct}'s URL
     * on the same server (loopback, HTTP/1.1), with {@code upstream-client=jdk} ({@code java.net.http}).
     * Against {@code gateway-direct} it measures the proxy hop and the filter together, at the WAR's
     * {@code guard=enforce}.
     */
    GATEWAY_PROXIED_JDK("gateway-proxied-jdk", Kind.PROXY, true, Store.NONE, "enforce", false, "jdk"),
    /** The same with {@code upstream-client=apache} (Apache HttpClient 5, classic, pooled connections). */
    GATEWAY_PROXIED_APACHE("gateway-proxied-apache", Kind.PROXY, true, Store.NONE, "enforce", false, "apache"),
    /** The same with {@code upstream-client=jetty} (Jetty's HttpClient 12.1). */
    GATEWAY_PROXIED_JETTY("gateway-proxied-jetty", Kind.PROXY, true, Store.NONE, "enforce", false, "jetty");

    /** What answers the MCP requests ({@link #PROXY}: the gateway's proxy servlet, forwarding to {@link #GATEWAY_DIRECT}). */
    public enum Kind { FLOOR, SDK, PROXY }

    /** Where the filter's analytics store writes ({@code store=jpa}), or {@link #NONE}. */
    public enum Store { NONE, DERBY, POSTGRES }

    /** Configurations the issue names that cannot run yet, with why. */
    public static final List<String[]> NOT_YET_AVAILABLE = List.of();

    /** {B, A}: ratios are B/A, measured back to back in every repetition. */
    public static final List<Configuration[]> PAIRS = List.of(
            new Configuration[] {FLOOR, FLOOR_OBSERVE},
            new Configuration[] {BARE, OBSERVE_NOSTORE},
            new Configuration[] {BARE, OBSERVE_GUARD_OFF},
            new Configuration[] {BARE, OBSERVE_ENFORCE},
            new Configuration[] {BARE, OBSERVE_RESUME},
            new Configuration[] {BARE, OBSERVE_DERBY},
            new Configuration[] {BARE, OBSERVE_POSTGRES},
            new Configuration[] {GATEWAY_DIRECT, GATEWAY_PROXIED_JDK},
            new Configuration[] {GATEWAY_DIRECT, GATEWAY_PROXIED_APACHE},
            new Configuration[] {GATEWAY_DIRECT, GATEWAY_PROXIED_JETTY});

    public final String wireName;
    public final Kind kind;
    public final boolean filtered;
    public final Store store;
    /** The filter's {@code guard} level ({@code report}, the library's default, unless named). */
    public final String guard;
    /** The filter's {@code resume} setting ({@code false}, the library's default, unless named). */
    public final boolean resume;
    /** For {@link Kind#PROXY}: the gateway's {@code upstream-client} ({@code jdk}, {@code apache}); else null. */
    public final String upstreamClient;

    Configuration(String wireName, Kind kind, boolean filtered) {
        this(wireName, kind, filtered, Store.NONE);
    }

    Configuration(String wireName, Kind kind, boolean filtered, Store store) {
        this(wireName, kind, filtered, store, "report");
    }

    Configuration(String wireName, Kind kind, boolean filtered, Store store, String guard) {
        this(wireName, kind, filtered, store, guard, false);
    }

    Configuration(String wireName, Kind kind, boolean filtered, Store store, String guard, boolean resume) {
        this(wireName, kind, filtered, store, guard, resume, null);
    }

    Configuration(String wireName, Kind kind, boolean filtered, Store store, String guard, boolean resume,
            String upstreamClient) {
        this.upstreamClient = upstreamClient;
        this.resume = resume;
        this.guard = guard;
        this.wireName = wireName;
        this.kind = kind;
        this.filtered = filtered;
        this.store = store;
    }

    /** Whether the filter writes into a database here (rows are counted and checked). */
    public boolean stores() {
        return store != Store.NONE;
    }

    /** The MCP endpoint path on the bench server. */
    public String path() {
        return "/" + wireName + "/mcp";
    }

    public static Configuration byName(String name) {
        for (Configuration c : values()) {
            if (c.wireName.equals(name)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown configuration " + name);
    }
}
