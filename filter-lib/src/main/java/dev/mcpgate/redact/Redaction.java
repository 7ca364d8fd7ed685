package dev.mcpgate.redact;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * URLs as McpGate shows them — in log lines, error bodies, the health answer, the launcher's
 * banner: never with the secrets they may carry.
 *
 * <ul>
 *   <li>user-info ({@code https://user:password@host}) becomes {@code ***@};</li>
 *   <li>every query value ({@code ?token=abc&region=eu}) becomes {@code ***}: {@code ?token=***&region=***};
 *       a fragment becomes {@code #***};</li>
 *   <li>a JDBC URL keeps its properties but masks the values of those that name a credential
 *       (a name containing {@code password}, {@code passwd}, {@code pwd}, {@code user}, {@code uid},
 *       {@code secret}, {@code token}, {@code key} or {@code credential}), after {@code ?}/{@code &}
 *       ({@code jdbc:postgresql://db/x?user=***&password=***&ssl=true}) and after {@code ;}
 *       (Derby, SQL Server: {@code jdbc:derby:/data/db;user=***;password=***}); Oracle's
 *       {@code jdbc:oracle:thin:scott/tiger@host} becomes {@code jdbc:oracle:***@host}.</li>
 * </ul>
 *
 * <p>It works on the text, not with {@link java.net.URI}: a URL that does not parse (an invalid
 * escape, a space, an {@code @} in an unencoded password) is redacted all the same, erring on the
 * side of hiding too much. Pure functions, no state; {@code null} stays {@code null}.
 */
public final class Redaction {

    /** What replaces a secret. */
    public static final String MASK = "***";

    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:");
    private static final String JDBC = "jdbc:";
    /**
     * A host (name, IPv4 or bracketed IPv6) without a port: an authority that cannot be the start of
     * a user-info. With a port it could: {@code user:1234/5@host} reads as host {@code user}, port
     * {@code 1234} up to the {@code /}.
     */
    private static final Pattern PLAIN_HOST = Pattern.compile("^(?:\\[[0-9A-Za-z:.%_-]*]|[^:@\\[\\]]*)$");
    private static final Pattern SECRET_NAME = Pattern.compile(
            ".*(?:password|passwd|pwd|user|uid|secret|token|key|credential).*", Pattern.CASE_INSENSITIVE);
    /**
     * A URL inside free text: a scheme with {@code //}, or {@code jdbc:}, up to white space or a
     * quote. Schemes are short: the bound keeps a long run of letters and dots linear to search.
     */
    private static final Pattern URL_IN_TEXT = Pattern.compile(
            "(?i)(?:\\bjdbc:|\\b[a-z][a-z0-9+.-]{0,31}://)[^\\s\"'<>`]*");

    private Redaction() {
    }

    /** {@code url} without its user-info, query values, fragment or JDBC credential properties. */
    public static String url(String url) {
        if (url == null) {
            return null;
        }
        return url.regionMatches(true, 0, JDBC, 0, JDBC.length()) ? jdbc(url) : web(url);
    }

    /**
     * {@code text} with every URL in it redacted as {@link #url} does: for exception messages and
     * other text that may quote a URL ({@code Illegal character in path at index 30: http://u:p@h/x y}).
     * Only URLs with {@code scheme://} or {@code jdbc:} are found.
     */
    public static String urlsIn(String text) {
        if (text == null) {
            return null;
        }
        Matcher m = URL_IN_TEXT.matcher(text);
        if (!m.find()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        do {
            m.appendReplacement(out, Matcher.quoteReplacement(url(m.group())));
        } while (m.find());
        return m.appendTail(out).toString();
    }

    /** A URL of any scheme but JDBC: {@code scheme://user-info@host/path?query#fragment}. */
    private static String web(String url) {
        int start = authorityStart(url);
        int at = userInfoEnd(url, start);
        StringBuilder out = new StringBuilder(url.length() + 8).append(url, 0, start);
        if (at >= 0) {
            out.append(MASK);
        }
        String rest = url.substring(at >= 0 ? at : start);
        int fragment = rest.indexOf('#');
        String beforeFragment = fragment < 0 ? rest : rest.substring(0, fragment);
        int query = beforeFragment.indexOf('?');
        out.append(query < 0 ? beforeFragment : beforeFragment.substring(0, query));
        if (query >= 0) {
            out.append('?').append(properties(beforeFragment.substring(query + 1), "&", true));
        }
        if (fragment >= 0) {
            out.append('#').append(MASK);
        }
        return out.toString();
    }

    /**
     * Where the authority begins: after {@code scheme://} or a leading {@code //}; without them at
     * the start, so that {@code user:password@host} (no scheme) is not read as the scheme
     * {@code user}.
     */
    private static int authorityStart(String url) {
        Matcher scheme = SCHEME.matcher(url);
        if (scheme.find() && url.startsWith("//", scheme.end())) {
            return scheme.end() + 2;
        }
        return url.startsWith("//") ? 2 : 0;
    }

    /**
     * The {@code @} that ends the user-info, or -1: the last {@code @} of the authority (which ends
     * at the first {@code /}, {@code ?} or {@code #}). When the authority is not a plain host without
     * a port and an {@code @} follows, the user-info may have had one of those characters unencoded
     * ({@code user:pa/ss@host}, {@code user:12/34@host}, {@code user:1234#5@host}): everything up to
     * the last {@code @} is taken for it. That errs on hiding: {@code https://h:8443/users/@me}
     * becomes {@code https://***@me}; only a host without a port keeps an {@code @} of its path.
     */
    private static int userInfoEnd(String url, int start) {
        int end = firstOf(url, start, '/', '?', '#');
        int at = url.lastIndexOf('@', end - 1);
        if (at >= start) {
            return at;
        }
        int last = url.lastIndexOf('@');
        return last > end && !PLAIN_HOST.matcher(url.substring(start, end)).matches() ? last : -1;
    }

    /**
     * A JDBC URL: user-info ({@code //user:password@host}) or Oracle's {@code user/password@} before
     * the properties, which follow a {@code ?} ({@code &}-separated) or a {@code ;}
     * ({@code ;}-separated: Derby, SQL Server). Without {@code //} before the {@code @}, everything
     * after the first sub-protocol ({@code jdbc:oracle:}) up to the {@code @} is masked: a
     * sub-protocol cannot be told from a user name followed by a colon.
     */
    private static String jdbc(String url) {
        int end = firstOf(url, 0, '?', ';');
        int at = url.lastIndexOf('@', end - 1);
        StringBuilder out = new StringBuilder(url.length() + 8);
        if (at > 0 && url.charAt(at - 1) != ':' && url.charAt(at - 1) != '/') {
            int slashes = url.indexOf("//");
            int subProtocol = url.indexOf(':', JDBC.length());
            int start = slashes >= 0 && slashes < at ? slashes + 2
                    : subProtocol >= 0 && subProtocol < at ? subProtocol + 1 : JDBC.length();
            out.append(url, 0, start).append(MASK).append(url, at, end);
        } else {
            out.append(url, 0, end);
        }
        if (end < url.length()) {
            char separator = url.charAt(end);
            out.append(separator).append(properties(url.substring(end + 1), separator == '?' ? "&" : ";", false));
        }
        return out.toString();
    }

    /**
     * {@code name=value} pairs joined by {@code separator}; values masked —
     * all of them when {@code all}, else those whose name names a credential. A part without
     * {@code =} is masked whole when {@code all}.
     */
    private static String properties(String text, String separator, boolean all) {
        String[] parts = text.split(Pattern.quote(separator), -1);
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                out.append(separator);
            }
            String part = parts[i];
            int equals = part.indexOf('=');
            if (equals < 0) {
                out.append(all && !part.isEmpty() ? MASK : part);
            } else {
                String name = part.substring(0, equals);
                boolean secret = all || SECRET_NAME.matcher(name.toLowerCase(Locale.ROOT)).matches();
                out.append(name).append('=').append(secret ? MASK : part.substring(equals + 1));
            }
        }
        return out.toString();
    }

    private static int firstOf(String text, int from, char... characters) {
        int first = text.length();
        for (char c : characters) {
            int at = text.indexOf(c, from);
            if (at >= 0 && at < first) {
                first = at;
            }
        }
        return first;
    }
}
