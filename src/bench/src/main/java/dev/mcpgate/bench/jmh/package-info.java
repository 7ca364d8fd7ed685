/**
 * JMH microbenchmarks of the request path's parsers ({@code EnvelopeReader}, the SSE parsers, the response
 * tap's writer path), run by {@link dev.mcpgate.bench.JmhRunner} with the GC profiler; their figures are in
 * {@code src/bench/README.md}. Each benchmark measures one class of {@code dev.mcpgate.protocol} on
 * representative MCP messages ({@code Messages}), built once outside the measured code.
 *
 * <p>May import {@code dev.mcpgate.protocol} and JMH; nothing else of the filter, and nothing imports it:
 * {@code JmhRunner} finds the benchmarks by name.
 */
package dev.mcpgate.bench.jmh;
