package dev.mcpgate.it.bridge;

import dev.mcpgate.McpSessionFilter;
import dev.mcpgate.bridge.BridgeSettings;
import dev.mcpgate.bridge.BridgeUpstream;
import dev.mcpgate.bridge.EraTranslator;
import dev.mcpgate.bridge.UpstreamEra;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The filter with a test translator for 2026-07-28 clients of a legacy server (the real translators are built
 * beside this one): what the bridge's spine is proven with.
 */
public class TestBridgeFilter extends McpSessionFilter {

    private static final long serialVersionUID = 1L;

    @Override
    protected EraTranslator eraTranslator(UpstreamEra upstreamEra, BridgeUpstream upstream, BridgeSettings settings,
            ScheduledExecutorService scheduler) {
        return upstreamEra == UpstreamEra.LEGACY ? new InitializingTranslator(upstream) : null;
    }
}
