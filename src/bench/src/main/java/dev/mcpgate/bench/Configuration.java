package dev.mcpgate.bench;

import java.util.List;

/**
 * One measured configuration: what serves its context path, and whether {@code McpSessionFilter}
 * stands in front. To add one (e.g. {@code observe-derby} once the store exists), add a constant
 * here with its server {@link Kind} and filter init-params, and wire the kind in
 * {@link BenchServer}; pairs to compare are in {@link #PAIRS}.
 */
public enum Configuration {
    FLOOR("floor", Kind.FLOOR, false),
    FLOOR_OBSERVE("floor-observe", Kind.FLOOR, true),
    BARE("bare", Kind.SDK, false),
    OBSERVE_NOSTORE("observe-nostore", Kind.SDK, true);

    /** What answers the MCP requests. */
    public enum Kind { FLOOR, SDK }

    /** Configurations the issue names that cannot run yet, with why. */
    public static final List<String[]> NOT_YET_AVAILABLE = List.of(
            new String[] {"observe-derby", "no JPA store in filter-lib yet"},
            new String[] {"observe-postgres", "no JPA store in filter-lib yet"},
            new String[] {"gateway-direct", "no gateway yet"},
            new String[] {"gateway-proxied", "no gateway yet"});

    /** {B, A}: ratios are B/A, measured back to back in every repetition. */
    public static final List<Configuration[]> PAIRS = List.of(
            new Configuration[] {FLOOR, FLOOR_OBSERVE},
            new Configuration[] {BARE, OBSERVE_NOSTORE});

    public final String wireName;
    public final Kind kind;
    public final boolean filtered;

    Configuration(String wireName, Kind kind, boolean filtered) {
        this.wireName = wireName;
        this.kind = kind;
        this.filtered = filtered;
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
