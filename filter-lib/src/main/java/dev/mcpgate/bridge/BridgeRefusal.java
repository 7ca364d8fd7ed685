package dev.mcpgate.bridge;

import jakarta.json.JsonValue;

/**
 * A request the bridge answers with an error of its own: the HTTP status and the JSON-RPC error the
 * 2026-07-28 specification prescribes (a malformed {@code _meta}, a header mismatch, an unsupported version, an
 * unknown or expired {@code requestState}, an upstream that failed).
 */
final class BridgeRefusal extends Exception {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final int code;
    private final transient JsonValue data;

    BridgeRefusal(int status, int code, String message, JsonValue data) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.data = data;
    }

    BridgeRefusal(int status, int code, String message) {
        this(status, code, message, null);
    }

    int status() {
        return status;
    }

    int code() {
        return code;
    }

    /** The error's {@code data}, or {@code null}. */
    JsonValue data() {
        return data;
    }
}
