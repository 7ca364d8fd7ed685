package dev.mcpgate.bridge;

import java.io.IOException;

/**
 * How the bridge reaches the MCP server behind the filter, in that server's era. One per endpoint, shared by
 * its exchanges; thread-safe. The default ({@code LoopbackUpstream}) calls the same endpoint again over the
 * server's loopback connector with a per-deployment marker header, so that the filter passes the call to the
 * servlet unbridged and stores it as an exchange of the upstream's era.
 */
public interface BridgeUpstream extends AutoCloseable {

    /**
     * Sends one call and waits for the answer's head; the body then streams from {@link UpstreamAnswer#body()}.
     * Blocking: called on a bridge thread, never on a container thread that the loopback call itself needs.
     *
     * @throws IOException when the call failed or timed out (the translator answers the client with an error)
     */
    UpstreamAnswer send(UpstreamCall call) throws IOException, InterruptedException;

    @Override
    void close();
}
