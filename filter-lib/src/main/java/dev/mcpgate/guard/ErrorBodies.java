package dev.mcpgate.guard;

import dev.mcpgate.protocol.JsonRpcEnvelope;
import dev.mcpgate.protocol.JsonRpcErrors;
import dev.mcpgate.protocol.MessageKind;
import dev.mcpgate.redact.Redaction;
import java.nio.charset.StandardCharsets;

/**
 * Error hygiene as pure logic: which error answers are JSON-RPC, what replaces one that is not, and
 * how the original is kept for the operator.
 *
 * <p>An MCP client reads the body of an error answer as JSON-RPC. A servlet that answers with an
 * HTML error page, a text message, an empty body or a serialized Java exception (the MCP Java SDK
 * 2.1.0 writes {@code {"jsonRpcError":…,"stackTrace":[…]}}) breaks that contract and may show the
 * client its internals. Under {@code guard-error-body=enforce} such an answer (status 400 or
 * above) is replaced by {@link #replacement}; the original, cut and redacted by {@link #excerpt},
 * goes into the exchange's row.
 */
public final class ErrorBodies {

    /** Most characters of the original body kept in a row (the row's error message limit). */
    public static final int MAX_EXCERPT = 512;

    private static final String STACK_TRACE = "\"stackTrace\":";
    private static final String ELIDED = "[…]";

    private ErrorBodies() {
    }

    /** Whether an answer with this status is an error answer whose body hygiene looks at. */
    public static boolean isError(int status) {
        return status >= 400;
    }

    /**
     * Whether {@code body} (as far as it was read) is a JSON-RPC answer a client can read: a result,
     * an error with an integer code, or a batch of answers, each with {@code "jsonrpc":"2.0"} (a
     * batch's members are not read). Such a body passes unchanged, whatever its status.
     */
    public static boolean isJsonRpcAnswer(JsonRpcEnvelope body) {
        MessageKind kind = body.kind();
        if (kind == MessageKind.BATCH) {
            return true;
        }
        if (!"2.0".equals(body.jsonrpc())) {
            return false;
        }
        return kind == MessageKind.RESPONSE || (kind == MessageKind.ERROR && body.errorCode() != null);
    }

    /** The JSON-RPC error code of a replacement: internal error for 5xx, invalid request for 4xx. */
    public static int code(int status) {
        return status >= 500 ? JsonRpcErrors.INTERNAL_ERROR : JsonRpcErrors.INVALID_REQUEST;
    }

    /** The message of a replacement: the status and its reason phrase, nothing of the server's text. */
    public static String message(int status) {
        String reason = reason(status);
        return reason == null ? "HTTP " + status : "HTTP " + status + " " + reason;
    }

    /**
     * The JSON-RPC error that replaces an error body: the request's id when it was a request with
     * one, read whole and unambiguous (else {@code null}, as JSON-RPC prescribes when the id cannot
     * be told), {@link #code}, {@link #message}. ASCII only (other characters of the
     * id escaped), so that it reads the same in whatever charset the servlet's writer has fixed.
     *
     * @param request the request's envelope, or {@code null}
     */
    public static byte[] replacement(JsonRpcEnvelope request, int status) {
        JsonRpcEnvelope answered = request != null && request.kind() == MessageKind.REQUEST && request.complete()
                ? request : null;
        byte[] utf8 = JsonRpcErrors.body(answered, code(status), message(status));
        return ascii(new String(utf8, StandardCharsets.UTF_8));
    }

    /**
     * What a row keeps of an error body: markup dropped (tags, runs of white space), a Java stack
     * trace array elided, URLs redacted ({@link Redaction#urlsIn}), the session id masked, cut to
     * {@link #MAX_EXCERPT} characters.
     *
     * @param sessionId the exchange's session id, masked wherever it appears; may be {@code null}
     */
    public static String excerpt(String body, String sessionId) {
        if (body == null) {
            return null;
        }
        String text = body.length() > 16 * MAX_EXCERPT ? body.substring(0, 16 * MAX_EXCERPT) : body;
        text = looksLikeMarkup(text) ? withoutMarkup(text) : text;
        text = withoutStackTrace(text);
        text = collapseWhiteSpace(text);
        if (sessionId != null && sessionId.length() >= 8) {
            text = text.replace(sessionId, Redaction.MASK);
        }
        text = Redaction.urlsIn(text);
        return text.length() <= MAX_EXCERPT ? text : text.substring(0, MAX_EXCERPT - 1) + "…";
    }

    private static boolean looksLikeMarkup(String text) {
        String start = text.stripLeading();
        return start.startsWith("<");
    }

    /** Drops tags, and the content of {@code <style>} and {@code <script>} elements. */
    private static String withoutMarkup(String html) {
        StringBuilder out = new StringBuilder(html.length());
        int i = 0;
        while (i < html.length()) {
            char c = html.charAt(i);
            if (c != '<') {
                out.append(c);
                i++;
                continue;
            }
            int close = html.indexOf('>', i);
            if (close < 0) {
                break; // a tag cut off at the end
            }
            String tag = html.substring(i + 1, close).trim();
            i = close + 1;
            String name = tag.split("[\\s/]", 2)[0].toLowerCase(java.util.Locale.ROOT);
            if (name.equals("style") || name.equals("script")) {
                int end = html.toLowerCase(java.util.Locale.ROOT).indexOf("</" + name, i);
                i = end < 0 ? html.length() : end;
            }
            out.append(' ');
        }
        return out.toString().replace("&nbsp;", " ").replace("&lt;", "<").replace("&gt;", ">")
                .replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&");
    }

    /** {@code "stackTrace":[...]} (a serialized Java exception) becomes {@code "stackTrace":[…]}. */
    private static String withoutStackTrace(String text) {
        int at = text.indexOf(STACK_TRACE);
        while (at >= 0) {
            int open = at + STACK_TRACE.length();
            while (open < text.length() && Character.isWhitespace(text.charAt(open))) {
                open++;
            }
            if (open >= text.length() || text.charAt(open) != '[') {
                at = text.indexOf(STACK_TRACE, open);
                continue;
            }
            int end = closing(text, open);
            text = text.substring(0, open) + ELIDED + (end < 0 ? "" : text.substring(end + 1));
            at = text.indexOf(STACK_TRACE, open + ELIDED.length());
        }
        return text;
    }

    /** The index of the bracket that closes the one at {@code open}, or -1 when the text ends first. */
    private static int closing(String text, int open) {
        int depth = 0;
        boolean inString = false;
        for (int i = open; i < text.length(); i++) {
            char c = text.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '[' || c == '{') {
                depth++;
            } else if ((c == ']' || c == '}') && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    private static String collapseWhiteSpace(String text) {
        StringBuilder out = new StringBuilder(text.length());
        boolean space = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c) || Character.isISOControl(c)) {
                space = out.length() > 0;
            } else {
                if (space) {
                    out.append(' ');
                    space = false;
                }
                out.append(c);
            }
        }
        return out.toString();
    }

    /** JSON text with every non-ASCII character written as an escape (they can only be in strings). */
    private static byte[] ascii(String json) {
        StringBuilder out = new StringBuilder(json.length() + 16);
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (c < 0x80) {
                out.append(c);
            } else {
                out.append(String.format("\\u%04x", (int) c));
            }
        }
        return out.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static String reason(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 406 -> "Not Acceptable";
            case 408 -> "Request Timeout";
            case 409 -> "Conflict";
            case 410 -> "Gone";
            case 411 -> "Length Required";
            case 413 -> "Content Too Large";
            case 414 -> "URI Too Long";
            case 415 -> "Unsupported Media Type";
            case 421 -> "Misdirected Request";
            case 422 -> "Unprocessable Content";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 501 -> "Not Implemented";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> null;
        };
    }
}
