package dev.mcpgate.event;

import dev.mcpgate.protocol.McpMethod;

/**
 * Where the request threads hand what the catalogue history needs. Implementations must never
 * block nor throw: they run on request threads (or the container's completion thread).
 */
public interface CatalogueCaptures {

    /** Takes nothing: the catalogue history is off. */
    CatalogueCaptures NONE = new CatalogueCaptures() {
        @Override
        public boolean wants(McpMethod method) {
            return false;
        }

        @Override
        public void offer(CatalogueCapture capture) {
        }

        @Override
        public void skipped(String endpoint, McpMethod method, long bytes) {
        }
    };

    /**
     * Whether the answer to a request of this method is wanted (asked once per request, before
     * the response is observed, so that the body is kept only when it is).
     */
    boolean wants(McpMethod method);

    /** Hands over one capture; drops (and counts) it when the hand-over is full. */
    void offer(CatalogueCapture capture);

    /** An answer that was wanted but larger than the capture limit: counted and reported, not recorded. */
    void skipped(String endpoint, McpMethod method, long bytes);
}
