/**
 * The demo MCP server the WAR serves on {@code /mcp} when no upstream is set: a few tools on the MCP
 * Java SDK's streamable servlet transport, behind the filter.
 *
 * <p>May import the MCP Java SDK and the Servlet API; nothing of McpGate (the filter observes it like
 * any server).
 */
package dev.mcpgate.gateway.demo;
