package dev.mcpgate.gateway.proxy;

import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What goes upstream for one exchange: method, URL, the headers the gateway forwards (hop-by-hop
 * ones and those the client sets itself already left out, {@link ProxiedHeaders}), and the body —
 * whole from memory ({@code body}, empty for none) or streamed ({@code stream}, of {@code length}
 * bytes or, when negative, chunked).
 *
 * @param idleTimeout longest wait for the answer's head ({@code upstream-idle-timeout})
 */
record UpstreamRequest(String method, URI target, List<Map.Entry<String, String>> headers, byte[] body,
                       InputStream stream, long length, Duration idleTimeout) {

    /** Whether the body is streamed rather than sent from memory. */
    boolean streamed() {
        return body == null;
    }
}
