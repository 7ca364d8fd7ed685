package dev.mcpgate.gateway.proxy;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The upstream URL of one request: {@code upstream-url}, then the part of the request's path that
 * follows the gateway's mapping <em>as the client sent it</em> (still percent-encoded, never decoded
 * and re-encoded), then the query, unchanged.
 *
 * <p>The servlet container decodes the path and resolves its dot segments before it routes; the raw
 * path it routed may still hold what a second decoding turns into a different path. So a request is
 * refused ({@link Refused}, a {@code 400}) when its raw path holds
 * <ul>
 *   <li>a dot segment in disguise: a segment that is {@code .} or {@code ..} after percent-decoding
 *       once or more ({@code %2e}, {@code .%2E}, {@code %252e%252e}), or after its path parameters
 *       are cut off ({@code ..;x});</li>
 *   <li>an encoded slash or backslash ({@code %2F}, {@code %5C}, also encoded again as
 *       {@code %252F}), a backslash, or an encoded NUL;</li>
 *   <li>a malformed percent escape.</li>
 * </ul>
 * Plain dot segments ({@code /a/../b}) are resolved here the way the container resolved them; one
 * that would climb above the gateway's mapping is refused too. What follows the mapping is thus a
 * list of ordinary segments appended to the upstream URL's path: the upstream call never leaves it.
 */
final class UpstreamTarget {

    /** Rounds of percent-decoding checked for a disguised dot segment or slash. */
    private static final int DECODING_ROUNDS = 4;

    /** Why a request's path cannot go upstream; its message goes to the client. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }

    private UpstreamTarget() {
    }

    /**
     * The upstream URI for a request.
     *
     * @param upstream    {@code upstream-url}
     * @param requestUri  {@code HttpServletRequest.getRequestURI()}: the raw path, not decoded
     * @param contextPath {@code getContextPath()}
     * @param servletPath {@code getServletPath()} (decoded, as the container gives it)
     * @param query       {@code getQueryString()} (raw), or {@code null}
     * @throws Refused when the path is one of those the class comment lists
     */
    static URI resolve(URI upstream, String requestUri, String contextPath, String servletPath, String query)
            throws Refused {
        if ((query == null || query.isEmpty()) && isMappingItself(requestUri, contextPath, servletPath)) {
            return upstream; // the usual MCP request, to /mcp itself: nothing to check, nothing to parse
        }
        if (requestUri.indexOf('\\') >= 0) {
            throw new Refused("the path holds a backslash");
        }
        List<String> segments = new ArrayList<>();
        boolean trailingSlash = normalise(requestUri, segments);
        int mapped = segmentCount(contextPath) + segmentCount(servletPath);
        if (segments.size() < mapped || !matches(segments.subList(0, mapped), contextPath + servletPath)) {
            throw new Refused("the path does not lie below the gateway's mapping " + servletPath);
        }
        List<String> rest = segments.subList(mapped, segments.size());
        String basePath = upstream.getRawPath() == null ? "" : upstream.getRawPath();
        StringBuilder path = new StringBuilder(rest.isEmpty() ? basePath : stripTrailingSlash(basePath));
        for (String segment : rest) {
            path.append('/').append(segment);
        }
        if (trailingSlash && (path.length() == 0 || path.charAt(path.length() - 1) != '/')) {
            path.append('/');
        }
        if (path.toString().equals(basePath) && (query == null || query.isEmpty())) {
            return upstream; // the usual MCP request, to /mcp itself: nothing to parse again
        }
        return uri(upstream, path.toString(), query);
    }

    /**
     * Whether the raw path is the mapping itself, character for character ({@code /ctx/mcp}): then it
     * holds no escape, no dot segment, no path parameter (the container's decoded and normalised paths
     * would differ from it) and nothing after the mapping.
     */
    private static boolean isMappingItself(String requestUri, String contextPath, String servletPath) {
        return requestUri.length() == contextPath.length() + servletPath.length() && requestUri.startsWith(contextPath)
                && requestUri.startsWith(servletPath, contextPath.length());
    }

    /**
     * Splits the raw path into its segments, checking each and resolving plain dot and empty
     * segments; tells whether the path ends with a slash (or a dot segment, which stands for one).
     */
    private static boolean normalise(String rawPath, List<String> segments) throws Refused {
        boolean trailingSlash = false;
        int start = rawPath.startsWith("/") ? 1 : 0;
        while (start <= rawPath.length()) {
            int end = rawPath.indexOf('/', start);
            if (end < 0) {
                end = rawPath.length();
            }
            String segment = rawPath.substring(start, end);
            check(segment);
            switch (segment) {
                case "", "." -> trailingSlash = true;
                case ".." -> {
                    if (segments.isEmpty()) {
                        throw new Refused("the path climbs above its root");
                    }
                    segments.remove(segments.size() - 1);
                    trailingSlash = true;
                }
                default -> {
                    segments.add(segment);
                    trailingSlash = false;
                }
            }
            start = end + 1;
        }
        return trailingSlash;
    }

    /** Refuses a segment that decoding would turn into a dot segment, a slash, a backslash or a NUL. */
    private static void check(String segment) throws Refused {
        String plain = withoutParameters(segment);
        if ((plain.equals(".") || plain.equals("..")) && !plain.equals(segment)) {
            throw new Refused("the path holds a dot segment with path parameters: " + segment);
        }
        String decoded = segment;
        for (int round = 1; round <= DECODING_ROUNDS && decoded.indexOf('%') >= 0; round++) {
            decoded = percentDecode(decoded, round == 1);
            if (decoded.indexOf('/') >= 0 || decoded.indexOf('\\') >= 0) {
                throw new Refused("the path holds an encoded slash or backslash: " + segment);
            }
            if (decoded.indexOf('\0') >= 0) {
                throw new Refused("the path holds an encoded NUL: " + segment);
            }
            String name = withoutParameters(decoded);
            if (name.equals(".") || name.equals("..")) {
                throw new Refused("the path holds an encoded dot segment: " + segment);
            }
        }
    }

    private static String withoutParameters(String segment) {
        int semicolon = segment.indexOf(';');
        return semicolon < 0 ? segment : segment.substring(0, semicolon);
    }

    /**
     * One round of percent-decoding, each escape to the char of its byte value (ISO-8859-1): the
     * checks look only for ASCII characters, so the bytes of a UTF-8 sequence need not be joined.
     * A malformed escape is refused when {@code strict} (the path as sent), and kept as text
     * otherwise (a decoded {@code %25zz} is the text {@code %zz}, not an error).
     */
    private static String percentDecode(String text, boolean strict) throws Refused {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '%') {
                out.append(c);
                continue;
            }
            int high = i + 2 < text.length() ? Character.digit(text.charAt(i + 1), 16) : -1;
            int low = high < 0 ? -1 : Character.digit(text.charAt(i + 2), 16);
            if (low < 0) {
                if (strict) {
                    throw new Refused("the path holds a malformed percent escape");
                }
                out.append(c);
                continue;
            }
            out.append((char) (high * 16 + low));
            i += 2;
        }
        return out.toString();
    }

    /** Whether the raw segments decode (parameters cut off) to the segments of {@code decodedPath}. */
    private static boolean matches(List<String> rawSegments, String decodedPath) throws Refused {
        int i = 0;
        for (String expected : decodedPath.split("/")) {
            if (expected.isEmpty()) {
                continue;
            }
            String raw = withoutParameters(rawSegments.get(i++));
            if (!raw.equals(expected) && (raw.indexOf('%') < 0 || !new String(percentDecode(raw, true)
                    .getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8).equals(expected))) {
                return false;
            }
        }
        return true;
    }

    private static int segmentCount(String path) {
        int count = 0;
        for (String segment : path.split("/")) {
            if (!segment.isEmpty()) {
                count++;
            }
        }
        return count;
    }

    private static String stripTrailingSlash(String path) {
        return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    private static URI uri(URI upstream, String rawPath, String query) throws Refused {
        String upstreamQuery = upstream.getRawQuery();
        StringBuilder uri = new StringBuilder().append(upstream.getScheme()).append("://")
                .append(upstream.getRawAuthority()).append(rawPath);
        if (upstreamQuery != null) {
            uri.append('?').append(upstreamQuery);
        }
        if (query != null && !query.isEmpty()) {
            uri.append(upstreamQuery == null ? '?' : '&').append(query);
        }
        try {
            return new URI(uri.toString());
        } catch (URISyntaxException e) {
            throw new Refused("the path or query holds characters a URI cannot: " + e.getReason());
        }
    }
}
