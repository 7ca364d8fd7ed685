package dev.mcpgate;

import dev.mcpgate.intercept.McpInterceptor;
import dev.mcpgate.pin.CataloguePins;
import dev.mcpgate.pin.PinningInterceptor;
import java.util.ArrayList;
import java.util.List;

/**
 * The interceptors the filter brings itself, which its settings turn on: the recorder
 * ({@code tape-dir}), catalogue pinning ({@code catalogue-pinning}), the rules file ({@code rules-file}).
 * Each has a fixed place in the chain, among the application's interceptors by {@code @Priority}
 * (lower first): the recorder first, so that it sees the request as the client sent it and the answer
 * as the client gets it; then pinning; then the rules.
 */
final class BuiltInInterceptors {

    /** The recorder's place: before everything else. */
    static final int RECORDER_PRIORITY = 100;
    /** Catalogue pinning's place: before the rules, so that a drifted tool is refused whatever they allow. */
    static final int PINNING_PRIORITY = 200;
    /** The rules file's place. */
    static final int RULES_PRIORITY = 300;

    /** A built-in interceptor and its place in the chain. */
    record Entry(int priority, McpInterceptor interceptor) {
    }

    private BuiltInInterceptors() {
    }

    /**
     * The built-ins {@code config} turns on, in no particular order (the chain orders them).
     * Each one that the filter starts here is also closed by it (an {@link AutoCloseable} one).
     *
     * @param pins catalogue pinning's approvals, {@code null} unless {@code catalogue-pinning=enforce}
     */
    static List<Entry> create(McpGateConfig config, CataloguePins pins) {
        List<Entry> builtIns = new ArrayList<>(3);
        if (pins != null) {
            builtIns.add(new Entry(PINNING_PRIORITY, new PinningInterceptor(pins)));
        }
        // issue 13: the recorder (RECORDER_PRIORITY), pinning (PINNING_PRIORITY) and the rules
        // (RULES_PRIORITY) add themselves here when their settings turn them on
        return builtIns;
    }
}
