/**
 * SSE resumability (legacy era, setting {@code resume}): event ids, priming and retry, the rewriting
 * of a server's stream, the live streams of an endpoint and the answer to a {@code GET} with
 * {@code Last-Event-ID}, over the {@link dev.mcpgate.session.ReplayStore} SPI. Servlet-free.
 *
 * <p>May import {@code session} and the JDK.
 */
package dev.mcpgate.resume;
