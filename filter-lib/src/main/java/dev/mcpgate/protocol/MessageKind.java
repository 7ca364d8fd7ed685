package dev.mcpgate.protocol;

/**
 * What a body turned out to be, as far as the JSON-RPC envelope tells. Everything that is not one
 * of the four JSON-RPC message shapes still gets a kind, so that callers can count it instead of
 * handling an exception.
 */
public enum MessageKind {
    /** An object with a {@code method} and an {@code id}: it expects an answer. */
    REQUEST,
    /** An object with a {@code method} and no {@code id}: nobody answers it. */
    NOTIFICATION,
    /** An object with a {@code result}: the successful answer to a request. */
    RESPONSE,
    /** An object with an {@code error}: the failed answer to a request. */
    ERROR,
    /**
     * A top-level JSON array: a JSON-RPC batch, which only revision 2025-03-26 allowed. Its
     * members are not read.
     */
    BATCH,
    /** No bytes, or only whitespace. */
    EMPTY,
    /** Bytes that are not JSON, or a JSON scalar at the top level. */
    NOT_JSON,
    /** A JSON object that has none of {@code method}, {@code result} or {@code error}. */
    NOT_JSON_RPC
}
