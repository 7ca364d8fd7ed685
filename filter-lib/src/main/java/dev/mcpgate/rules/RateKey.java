package dev.mcpgate.rules;

import dev.mcpgate.intercept.InterceptedRequest;
import java.util.Locale;

/** What a rate limit counts by (the {@code key} of a {@code rate-limit} rule). */
enum RateKey {
    /** The MCP session (legacy era); a request without one counts with every other such request. */
    SESSION,
    /** The authenticated principal; unauthenticated callers count together. */
    PRINCIPAL,
    /** The client's name from {@code clientInfo}; clients that give none count together. */
    CLIENT,
    /** The tool, prompt or resource called. */
    TOOL,
    /** Every matching call together. */
    GLOBAL;

    /** What stands for a caller that lacks the value (all such callers share one count). */
    private static final String NONE = "-";

    /** The key word in the rules file. */
    String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The value this key takes for a request. */
    String valueOf(InterceptedRequest request) {
        String value = switch (this) {
            case SESSION -> request.sessionId();
            case PRINCIPAL -> request.principal();
            case CLIENT -> request.client() == null ? null : request.client().name();
            case TOOL -> request.target();
            case GLOBAL -> NONE;
        };
        return value == null ? NONE : value;
    }

    /** The key for a word of the rules file, or {@code null} when there is none. */
    static RateKey of(String word) {
        for (RateKey key : values()) {
            if (key.word().equals(word)) {
                return key;
            }
        }
        return null;
    }
}
