/**
 * MCP and JSON-RPC as bytes and words, with no servlet in sight: the streaming envelope reader, the
 * method taxonomy, era and protocol-version detection, SSE framing, session id rules and the
 * client-platform table.
 *
 * <p>May import the JDK and JSON-P ({@code jakarta.json}) only.
 */
package dev.mcpgate.protocol;
