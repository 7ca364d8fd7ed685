package dev.mcpgate.guard;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The {@code allowed-origins} setting: which web origins may call the endpoint from a browser. A
 * request without an {@code Origin} header (any client that is not a browser) is never refused.
 *
 * <p>A comma-separated list of entries, compared without regard to case:
 * <ul>
 *   <li>{@code scheme://host} — that origin on the scheme's default port (80, 443);
 *       {@code scheme://host:port} — that port; {@code scheme://host:*} — any port;</li>
 *   <li>{@code loopback} — {@code http} and {@code https} on {@code localhost}, {@code 127.0.0.1}
 *       and {@code [::1]}, any port;</li>
 *   <li>{@code local} — {@code http} and {@code https} on this machine's own names (see
 *       {@link HostRules}), any port;</li>
 *   <li>{@code *} — any origin.</li>
 * </ul>
 * Besides these, a same-origin request is allowed: one whose {@code Origin} names the host and port
 * of its own {@code Host} header, when that host is in {@code allowed-hosts} (a rebound name is not:
 * in a DNS rebinding attack {@code Origin} and {@code Host} agree).
 */
public final class OriginRules {

    /** The default of {@code allowed-origins}. */
    public static final String DEFAULT = "loopback,local";

    private final List<Rule> rules;
    private final boolean any;
    private final String text;

    private OriginRules(List<Rule> rules, boolean any, String text) {
        this.rules = rules;
        this.any = any;
        this.text = text;
    }

    /** One allowed origin; port -1 means any. */
    private record Rule(String scheme, String host, int port) {
    }

    /** Parses the setting; {@code local} is resolved here, once. */
    public static OriginRules parse(String value) {
        return parse(value, HostRules::localNames);
    }

    static OriginRules parse(String value, Supplier<Collection<String>> localNames) {
        List<Rule> rules = new ArrayList<>();
        boolean any = false;
        for (String raw : value.split(",")) {
            String entry = raw.trim().toLowerCase(Locale.ROOT);
            if (entry.isEmpty()) {
                continue;
            }
            switch (entry) {
                case "*" -> any = true;
                case "loopback" -> everyScheme(HostRules.LOOPBACK_NAMES, rules);
                case "local" -> everyScheme(localNames.get(), rules);
                default -> rules.add(rule(entry));
            }
        }
        return new OriginRules(List.copyOf(rules), any, value.trim());
    }

    private static void everyScheme(Collection<String> hosts, List<Rule> rules) {
        for (String host : hosts) {
            rules.add(new Rule("http", host.toLowerCase(Locale.ROOT), -1));
            rules.add(new Rule("https", host.toLowerCase(Locale.ROOT), -1));
        }
    }

    private static Rule rule(String entry) {
        int separator = entry.indexOf("://");
        String scheme = separator > 0 ? entry.substring(0, separator) : "";
        String authority = separator > 0 ? entry.substring(separator + 3) : "";
        if (!(scheme.equals("http") || scheme.equals("https")) || authority.isEmpty() || authority.contains("/")) {
            throw new IllegalArgumentException("'" + entry + "' is not an origin (scheme://host[:port|:*]), "
                    + "loopback, local or *");
        }
        int colon = HostRules.portColon(authority);
        String host = colon < 0 ? authority : authority.substring(0, colon);
        int port;
        if (colon < 0) {
            port = defaultPort(scheme);
        } else if (authority.substring(colon + 1).equals("*")) {
            port = -1;
        } else {
            port = HostRules.parsePortOrMinus(authority, colon + 1);
            if (port < 0) {
                throw new IllegalArgumentException("'" + entry + "' has no valid port (1-65535 or *)");
            }
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("'" + entry + "' names no host");
        }
        return new Rule(scheme, host, port);
    }

    static int defaultPort(String scheme) {
        return "https".equalsIgnoreCase(scheme) ? 443 : 80;
    }

    /** Whether an {@code Origin} header value is on the list (same-origin is the guard's to judge). */
    public boolean allows(String origin) {
        if (any || origin == null) {
            return true;
        }
        int separator = origin.indexOf("://");
        if (separator <= 0 || origin.indexOf('/', separator + 3) >= 0) {
            return false; // "null" (a sandboxed page, a file), garbage, or a path: no origin
        }
        int hostStart = separator + 3;
        int colon = portColonFrom(origin, hostStart);
        int hostEnd = colon < 0 ? origin.length() : colon;
        int port = colon < 0 ? defaultPort(origin, separator) : HostRules.parsePortOrMinus(origin, colon + 1);
        if (port < 0 || hostEnd == hostStart) {
            return false;
        }
        for (Rule rule : rules) {
            if (rule.scheme.length() == separator && origin.regionMatches(true, 0, rule.scheme, 0, separator)
                    && rule.host.length() == hostEnd - hostStart
                    && origin.regionMatches(true, hostStart, rule.host, 0, rule.host.length())
                    && (rule.port < 0 || rule.port == port)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether {@code origin} names the same host and port as the {@code Host} header value
     * {@code host} (ports defaulted by the origin's scheme).
     */
    public static boolean sameOrigin(String origin, String host) {
        if (origin == null || host == null) {
            return false;
        }
        int separator = origin.indexOf("://");
        if (separator <= 0 || origin.indexOf('/', separator + 3) >= 0) {
            return false;
        }
        int hostStart = separator + 3;
        int colon = portColonFrom(origin, hostStart);
        int originHostEnd = colon < 0 ? origin.length() : colon;
        int defaultPort = defaultPort(origin, separator);
        int originPort = colon < 0 ? defaultPort : HostRules.parsePortOrMinus(origin, colon + 1);
        int hostColon = HostRules.portColon(host);
        int hostEnd = hostColon < 0 ? host.length() : hostColon;
        int hostPort = hostColon < 0 ? defaultPort : HostRules.parsePortOrMinus(host, hostColon + 1);
        return originPort > 0 && originPort == hostPort && originHostEnd - hostStart == hostEnd
                && origin.regionMatches(true, hostStart, host, 0, hostEnd);
    }

    /** The port colon of the authority starting at {@code from}, or -1 (IPv6 brackets respected). */
    private static int portColonFrom(String origin, int from) {
        return HostRules.portColon(origin, from);
    }

    /** The default port of the scheme {@code origin[0, end)}: 443 for https, else 80 (no allocation). */
    private static int defaultPort(String origin, int end) {
        return end == 5 && origin.regionMatches(true, 0, "https", 0, 5) ? 443 : 80;
    }

    @Override
    public String toString() {
        return text;
    }
}
