package dev.mcpgate;

import dev.mcpgate.intercept.Approvals;
import dev.mcpgate.intercept.InMemoryRateLimiter;
import dev.mcpgate.intercept.McpInterceptor;
import dev.mcpgate.intercept.RateLimiter;
import dev.mcpgate.rules.RulesException;
import dev.mcpgate.rules.RulesFile;
import dev.mcpgate.rules.RulesInterceptor;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

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

    /** Runs a task every interval for as long as the endpoint runs (the filter's scheduler). */
    @FunctionalInterface
    interface Periodic {
        void every(Duration interval, Runnable task);
    }

    /**
     * The built-ins {@code config} turns on, in no particular order (the chain orders them).
     * Their periodic work (the rules file's reload check) runs on {@code periodic}, which stops it
     * when the endpoint closes.
     *
     * @param loader    the application's class loader, where a {@link RateLimiter} or {@link Approvals}
     *                  may be registered in {@code META-INF/services} (a cluster's shared counters or holds)
     * @param approvals the endpoint's own holds, used when none is registered
     * @throws IllegalArgumentException naming the setting, when a built-in's configuration is invalid
     */
    static List<Entry> create(McpGateConfig config, ClassLoader loader, Periodic periodic, Approvals approvals) {
        List<Entry> builtIns = new ArrayList<>(3);
        // issue 13: the recorder (RECORDER_PRIORITY) and pinning (PINNING_PRIORITY) add themselves here
        // when their settings turn them on
        if (config.rules().enabled()) {
            builtIns.add(new Entry(RULES_PRIORITY, rules(config, loader, periodic, approvals)));
        }
        return builtIns;
    }

    /** The rules file's interceptor, its file read and checked now and again every check interval. */
    private static RulesInterceptor rules(McpGateConfig config, ClassLoader loader, Periodic periodic,
            Approvals approvals) {
        McpGateConfig.Rules settings = config.rules();
        RulesFile file;
        try {
            file = RulesFile.load(Path.of(settings.file()), config.endpointName());
        } catch (RulesException | InvalidPathException e) {
            throw new IllegalArgumentException(Setting.RULES_FILE.key() + ": " + e.getMessage(), e);
        }
        if (!settings.checkInterval().isZero()) {
            periodic.every(settings.checkInterval(), file::check);
        }
        // the filter's own counters and holds, unless the application registered shared ones
        RateLimiter limiter = service(RateLimiter.class, loader);
        Approvals holds = service(Approvals.class, loader);
        return new RulesInterceptor(file::current, limiter == null ? new InMemoryRateLimiter() : limiter,
                holds == null ? approvals : holds, config.approval().timeout());
    }

    /** The first implementation registered in {@code META-INF/services}, or {@code null}. */
    private static <T> T service(Class<T> type, ClassLoader loader) {
        try {
            return ServiceLoader.load(type, loader).findFirst().orElse(null);
        } catch (ServiceConfigurationError e) {
            throw new IllegalStateException("A " + type.getName() + " registered in META-INF/services cannot be "
                    + "created: " + e.getMessage(), e);
        }
    }
}
