/**
 * The recorder: {@link dev.mcpgate.tape.TapeRecorder}, a built-in interceptor that writes one JSON line
 * per exchange (what the client sent and what it got back) to a tape file per day, off the request
 * thread, with secrets replaced by {@value dev.mcpgate.tape.TapeRedaction#MASK}. The launcher's
 * {@code replay} command plays a tape against a server and diffs the answers.
 *
 * <p>May import the JDK, Jakarta JSON Processing, {@code dev.mcpgate.intercept} (the SPI it implements),
 * {@code dev.mcpgate.protocol}, {@code dev.mcpgate.redact} (session fingerprints) and
 * {@code dev.mcpgate.concurrent} (the writer's rounds).
 */
package dev.mcpgate.tape;
