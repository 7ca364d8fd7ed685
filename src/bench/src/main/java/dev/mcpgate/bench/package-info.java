/**
 * The benchmark harness ({@code mvn -Pbench -pl src/bench -am verify}; not part of the build's tests):
 * {@link dev.mcpgate.bench.BenchMain} is the load client and the report, {@link dev.mcpgate.bench.BenchServer}
 * the embedded Tomcat that serves every {@link dev.mcpgate.bench.Configuration} (the floor servlet, the MCP
 * Java SDK servlet, each with and without {@code McpSessionFilter}, the gateway WAR's proxy), and the
 * measurements that run in JVMs of their own: writer capacity ({@link dev.mcpgate.bench.WriterBench}), heap
 * per session ({@link dev.mcpgate.bench.SessionHeap}), replay memory ({@link dev.mcpgate.bench.ReplayMemory}).
 * How it measures, its settings and the lab notes are in {@code src/bench/README.md}.
 *
 * <p>May import any package of the filter and of the gateway WAR (it measures them from outside, through
 * their public API: {@code dev.mcpgate}, {@code event}, {@code protocol}, {@code session}, {@code store},
 * {@code dev.mcpgate.gateway.*}), the embedded Tomcat, the MCP Java SDK, the PostgreSQL driver and embedded
 * PostgreSQL, and JMH (to run {@code jmh}). Nothing of the filter or the WAR imports it.
 */
package dev.mcpgate.bench;
