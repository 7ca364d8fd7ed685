package dev.mcpgate.gateway.proxy;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Which headers a proxy passes on: every end-to-end header, never a hop-by-hop one (RFC 9110
 * section 7.6.1: {@code Connection}, the headers it names, {@code Keep-Alive}, {@code TE},
 * {@code Trailer}, {@code Transfer-Encoding}, {@code Upgrade}, {@code Proxy-Connection}; and the
 * proxy's own {@code Proxy-Authenticate} and {@code Proxy-Authorization}, sections 11.7.1–2). {@code Host},
 * {@code Content-Length} and {@code Expect} are set by the HTTP client for the upstream call.
 */
final class ProxiedHeaders {

    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade");
    /** Set by java.net.http itself; it refuses them from the caller. */
    private static final Set<String> SET_BY_CLIENT = Set.of("host", "content-length", "expect");

    /** The rules of a message without {@code Connection} tokens of its own (the usual case): shared. */
    private static final ProxiedHeaders PLAIN = new ProxiedHeaders(Set.of());

    private final Set<String> connectionTokens;

    private ProxiedHeaders(Set<String> connectionTokens) {
        this.connectionTokens = connectionTokens;
    }

    /** The rules for one message whose {@code Connection} header values are given. */
    static ProxiedHeaders forMessage(Iterable<String> connectionValues) {
        Set<String> tokens = null;
        for (String value : connectionValues) {
            for (String token : value.split(",")) {
                String name = token.trim().toLowerCase(Locale.ROOT);
                if (!name.isEmpty() && !HOP_BY_HOP.contains(name)) { // keep-alive, close: dropped anyway
                    tokens = tokens == null ? new HashSet<>() : tokens;
                    tokens.add(name);
                }
            }
        }
        return tokens == null ? PLAIN : new ProxiedHeaders(tokens);
    }

    /** Whether a request header goes to the upstream server. */
    boolean forwardsRequestHeader(String name) {
        return forwardsLowerCaseRequestHeader(name.toLowerCase(Locale.ROOT));
    }

    /** {@link #forwardsRequestHeader} for a name already in lower case. */
    boolean forwardsLowerCaseRequestHeader(String lower) {
        return !HOP_BY_HOP.contains(lower) && !SET_BY_CLIENT.contains(lower) && !connectionTokens.contains(lower);
    }

    /** Whether a response header goes back to the client. */
    boolean forwardsResponseHeader(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return !HOP_BY_HOP.contains(lower) && !connectionTokens.contains(lower) && !lower.startsWith(":");
    }
}
