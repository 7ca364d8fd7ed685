package dev.mcpgate.protocol;

/**
 * What a request acts on, which is what an operator filters and groups by: the tool called, the
 * prompt fetched or the resource read. The same value is what the modern era mirrors into the
 * {@code Mcp-Name} header.
 */
public enum TargetKind {
    /** The method names no single target. */
    NONE,
    /** A tool, named by {@code params.name}. */
    TOOL,
    /** A prompt, named by {@code params.name}. */
    PROMPT,
    /** A resource, named by {@code params.uri}. */
    RESOURCE
}
