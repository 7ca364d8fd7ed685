package dev.mcpgate.guard;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The {@code allowed-hosts} setting: which {@code Host} header values the endpoint answers, against
 * DNS rebinding (a web page whose own name was re-pointed to this machine reaches the endpoint with
 * its own name in {@code Host}).
 *
 * <p>A comma-separated list of entries, compared without regard to case:
 * <ul>
 *   <li>{@code name} — that host name or IP address, any port; {@code name:port} — that port only;
 *       IPv6 addresses in brackets ({@code [::1]}, {@code [::1]:8080});</li>
 *   <li>{@code *.example.com} — every name under {@code example.com} (not {@code example.com} itself);</li>
 *   <li>{@code loopback} — {@code localhost}, {@code 127.0.0.1} and {@code [::1]}, any port;</li>
 *   <li>{@code local} — this machine's own host name, canonical name and address as resolved at start, any port;</li>
 *   <li>{@code *} — any host (the check then never finds anything).</li>
 * </ul>
 * A request without a {@code Host} header (HTTP/1.0) is not refused: browsers, which DNS rebinding
 * needs, always send one.
 */
public final class HostRules {

    /** The default of {@code allowed-hosts}. */
    public static final String DEFAULT = "loopback,local";

    static final List<String> LOOPBACK_NAMES = List.of("localhost", "127.0.0.1", "[::1]");

    private final List<Rule> rules;
    private final boolean any;
    private final String text;

    private HostRules(List<Rule> rules, boolean any, String text) {
        this.rules = rules;
        this.any = any;
        this.text = text;
    }

    /** One allowed name: exact or a suffix ({@code *.example.com} keeps {@code .example.com}), any port when -1. */
    private record Rule(String name, boolean suffix, int port) {
        boolean matches(String host, int from, int to, int requestPort) {
            int length = to - from;
            boolean nameMatches = suffix
                    ? length > name.length() && host.regionMatches(true, to - name.length(), name, 0, name.length())
                    : length == name.length() && host.regionMatches(true, from, name, 0, length);
            return nameMatches && (port < 0 || port == requestPort);
        }
    }

    /**
     * Parses the setting; {@code local} is resolved here, once.
     *
     * @throws IllegalArgumentException naming the entry that is not a host
     */
    public static HostRules parse(String value) {
        return parse(value, HostRules::localNames);
    }

    /** Parses the setting with {@code local} standing for the names {@code localNames} gives. */
    static HostRules parse(String value, java.util.function.Supplier<Collection<String>> localNames) {
        List<Rule> rules = new ArrayList<>();
        boolean any = false;
        for (String raw : value.split(",")) {
            String entry = raw.trim().toLowerCase(Locale.ROOT);
            if (entry.isEmpty()) {
                continue;
            }
            switch (entry) {
                case "*" -> any = true;
                case "loopback" -> LOOPBACK_NAMES.forEach(name -> rules.add(new Rule(name, false, -1)));
                case "local" -> localNames.get().forEach(name -> rules.add(new Rule(name.toLowerCase(Locale.ROOT), false, -1)));
                default -> rules.add(rule(entry));
            }
        }
        return new HostRules(List.copyOf(rules), any, value.trim());
    }

    private static Rule rule(String entry) {
        if (entry.indexOf('/') >= 0) {
            throw notAHost(entry); // a URL or an origin: a common slip, named as such
        }
        int colon = portColon(entry);
        String name = colon < 0 ? entry : entry.substring(0, colon);
        int port = -1;
        if (colon >= 0) {
            String portText = entry.substring(colon + 1);
            port = portText.equals("*") ? -1 : parsePort(portText, entry);
        }
        boolean suffix = name.startsWith("*.");
        String bare = suffix ? name.substring(1) : name;
        if (!validName(suffix ? bare.substring(1) : bare)) {
            throw notAHost(entry);
        }
        return new Rule(bare, suffix, port);
    }

    private static IllegalArgumentException notAHost(String entry) {
        return new IllegalArgumentException("'" + entry + "' is not a host name, host:port, *.domain, "
                + "loopback, local or *");
    }

    private static int parsePort(String text, String entry) {
        try {
            int port = Integer.parseInt(text);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("'" + entry + "' has no valid port (1-65535 or *)");
    }

    private static boolean validName(String name) {
        if (name.startsWith("[") && name.endsWith("]") && name.length() > 2) {
            for (int i = 1; i < name.length() - 1; i++) {
                char c = name.charAt(i);
                if (!(Character.digit(c, 16) >= 0 || c == ':' || c == '.')) {
                    return false;
                }
            }
            return true;
        }
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    /** The index of the colon before a port in {@code host[:port]} / {@code [v6][:port]}, or -1. */
    static int portColon(String authority) {
        return portColon(authority, 0);
    }

    /** {@link #portColon(String)} of the authority that starts at {@code from} and runs to the end (no allocation). */
    static int portColon(String text, int from) {
        if (text.startsWith("[", from)) {
            int close = text.indexOf(']', from);
            return close >= 0 && close + 1 < text.length() && text.charAt(close + 1) == ':' ? close + 1 : -1;
        }
        int colon = text.lastIndexOf(':');
        return colon >= from && text.indexOf(':', from) == colon ? colon : -1;
    }

    /**
     * This machine's host name, canonical name and address, and the address of every network
     * interface that is up: a server is reached as often by its interface address (what a container
     * or an application server advertises) as by its name, which may resolve to a loopback address
     * only. Link-local IPv6 addresses are left out (a {@code Host} cannot carry their zone).
     */
    static Collection<String> localNames() {
        Set<String> names = new LinkedHashSet<>();
        try {
            InetAddress local = InetAddress.getLocalHost();
            names.add(local.getHostName());
            names.add(local.getCanonicalHostName());
            names.add(hostForm(local));
        } catch (UnknownHostException | SecurityException e) {
            System.getLogger(HostRules.class.getName()).log(System.Logger.Level.WARNING,
                    "McpGate: this machine's host name cannot be resolved; allowed-hosts 'local' stands for its "
                            + "interface addresses only", e);
        }
        try {
            java.util.Enumeration<java.net.NetworkInterface> interfaces = java.net.NetworkInterface.getNetworkInterfaces();
            while (interfaces != null && interfaces.hasMoreElements()) {
                java.net.NetworkInterface nic = interfaces.nextElement();
                if (nic.isUp()) {
                    nic.inetAddresses().filter(address -> !address.isLinkLocalAddress())
                            .forEach(address -> names.add(hostForm(address)));
                }
            }
        } catch (java.net.SocketException | SecurityException e) {
            System.getLogger(HostRules.class.getName()).log(System.Logger.Level.WARNING,
                    "McpGate: this machine's network interfaces cannot be listed; allowed-hosts 'local' leaves "
                            + "their addresses out", e);
        }
        names.removeIf(name -> name == null || name.isEmpty());
        return names;
    }

    /** An address as a {@code Host} names it: IPv6 in brackets, without a zone. */
    private static String hostForm(InetAddress address) {
        String text = address.getHostAddress();
        int zone = text.indexOf('%');
        if (zone >= 0) {
            text = text.substring(0, zone);
        }
        return text.indexOf(':') >= 0 ? "[" + text + "]" : text;
    }

    /** Whether every host is allowed ({@code *}). */
    public boolean allowsAny() {
        return any;
    }

    /**
     * Whether a {@code Host} header value is allowed: a name allowed with any port, or with the
     * port the value names (the scheme's default port when it names none).
     *
     * @param host        the header value; {@code null} is allowed
     * @param defaultPort the port a value without one means (80 or 443)
     */
    public boolean allows(String host, int defaultPort) {
        if (any || host == null) {
            return true;
        }
        int colon = portColon(host);
        int end = colon < 0 ? host.length() : colon;
        if (end > 0 && host.charAt(end - 1) == '.') {
            end--; // "localhost." is the same name, fully qualified
        }
        int port = colon < 0 ? defaultPort : parsePortOrMinus(host, colon + 1);
        if (colon >= 0 && port < 0) {
            return false;
        }
        for (Rule rule : rules) {
            if (rule.matches(host, 0, end, port)) {
                return true;
            }
        }
        return false;
    }

    /** The port number of {@code text[from..]}, or -1 when it is not one (no allocation). */
    static int parsePortOrMinus(String text, int from) {
        int length = text.length() - from;
        if (length < 1 || length > 5) {
            return -1;
        }
        int port = 0;
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            port = port * 10 + (c - '0');
        }
        return port >= 1 && port <= 65535 ? port : -1;
    }

    @Override
    public String toString() {
        return text;
    }
}
