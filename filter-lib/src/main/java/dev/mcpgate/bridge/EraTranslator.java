package dev.mcpgate.bridge;

import java.io.IOException;

/**
 * Translates one client exchange of one era for an upstream of the other, end to end: reads the
 * {@link ClientCall}, makes the upstream calls it needs through the {@link BridgeUpstream}, answers through the
 * {@link ClientAnswer}. Runs on a bridge thread (may block on the upstream); thread-safe, one per endpoint.
 *
 * <p>A failure of the upstream is the translator's to answer (HTTP 502 with a JSON-RPC error naming the
 * upstream, in the client's era); an exception thrown out of {@link #handle} is answered by the filter with
 * HTTP 500 and -32603, counted, never the container's error page.
 */
public interface EraTranslator extends AutoCloseable {

    void handle(ClientCall call, ClientAnswer answer) throws IOException, InterruptedException;

    /** Ends pooled sessions and open streams (the endpoint is going away). */
    @Override
    void close();
}
