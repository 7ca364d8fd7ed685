/**
 * MCP and JSON-RPC as bytes and words, with no servlet in sight: the one-pass envelope reader, the
 * method taxonomy, era and protocol-version detection, SSE framing, session id rules and the
 * client-platform table.
 *
 * <p>May import the JDK only (the envelope reader reads the bytes itself, without JSON-P).
 */
package dev.mcpgate.protocol;
