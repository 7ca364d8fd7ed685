package dev.mcpgate.web;

/**
 * The content types the filter tells apart, matched without allocating (media types are
 * case-insensitive; a lower-cased copy per request showed up in the benchmark's profile).
 */
final class MediaTypes {

    private static final String JSON = "application/json";
    private static final String JSON_SUFFIX = "+json";
    private static final String EVENT_STREAM = "text/event-stream";

    private MediaTypes() {
    }

    /** {@code application/json}, or a structured {@code +json} type, with any parameters. */
    static boolean isJson(String type) {
        return type != null && (startsWith(type, JSON) || contains(type, JSON_SUFFIX));
    }

    /** {@code text/event-stream}, with any parameters. */
    static boolean isEventStream(String type) {
        return type != null && startsWith(type, EVENT_STREAM);
    }

    private static boolean startsWith(String type, String prefix) {
        return type.regionMatches(true, 0, prefix, 0, prefix.length());
    }

    private static boolean contains(String type, String part) {
        for (int i = type.length() - part.length(); i >= 0; i--) {
            if (type.regionMatches(true, i, part, 0, part.length())) {
                return true;
            }
        }
        return false;
    }
}
