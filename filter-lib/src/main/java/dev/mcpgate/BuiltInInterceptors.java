package dev.mcpgate;

import dev.mcpgate.intercept.Approvals;
import dev.mcpgate.intercept.InMemoryRateLimiter;
import dev.mcpgate.intercept.McpInterceptor;
import dev.mcpgate.intercept.RateLimiter;
import dev.mcpgate.pin.CataloguePins;
import dev.mcpgate.pin.PinningInterceptor;
import dev.mcpgate.rules.RulesException;
import dev.mcpgate.rules.RulesFile;
import dev.mcpgate.rules.RulesInterceptor;
import dev.mcpgate.tape.TapeRecorder;
import dev.mcpgate.tape.TapeWriter;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The interceptors the filter brings itself, which its settings turn on: the recorder
 * ({@code tape-dir}), catalogue pinning ({@code catalogue-pinning}), the rules file ({@code rules-file}).
 * Each has a fixed place in the chain, among the application's interceptors by {@code @Priority}
 * (lower first): the recorder first, so that it sees the request as the client sent it and the answer
 * as the client gets it; then pinning; then the rules.
 */
final class BuiltInInterceptors {

    private static final System.Logger LOG = System.getLogger(BuiltInInterceptors.class.getName());
    /** How long the tape writer waits between rounds when nothing is queued (no wake-up from the request thread). */
    private static final Duration WRITER_IDLE = Duration.ofMillis(200);

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
     * @param pins      catalogue pinning's approvals, {@code null} unless {@code catalogue-pinning=enforce}
     * @throws IllegalArgumentException naming the setting, when a built-in's configuration is invalid
     */
    static List<Entry> create(McpGateConfig config, ClassLoader loader, Periodic periodic, Approvals approvals,
            CataloguePins pins, ScheduledExecutorService scheduler) {
        List<Entry> builtIns = new ArrayList<>(3);
        if (!config.interceptors().enabled()) {
            return builtIns; // the kill switch: none is started, none would be called
        }
        if (config.tape().enabled()) {
            builtIns.add(new Entry(RECORDER_PRIORITY, recorder(config.tape(), config.endpointName(), scheduler)));
        }
        if (pins != null) {
            builtIns.add(new Entry(PINNING_PRIORITY, new PinningInterceptor(pins)));
        }
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

    /**
     * The recorder writing to {@code tape-dir} on the filter's scheduler.
     *
     * @throws IllegalArgumentException naming {@code tape-dir} when the directory cannot be created
     */
    private static TapeRecorder recorder(McpGateConfig.Tape tape, String endpoint, ScheduledExecutorService scheduler) {
        Path dir;
        try {
            dir = Path.of(tape.dir());
            TapeWriter writer = new TapeWriter(dir, tape.redact(), tape.queueCapacity(), scheduler, WRITER_IDLE)
                    .start();
            LOG.log(Level.INFO, "McpGate endpoint " + endpoint + ": recording every exchange to " + dir.toAbsolutePath()
                    + " (tape-redact: " + tape.redact() + ")");
            return new TapeRecorder(writer, tape.redact(), Clock.systemUTC());
        } catch (IOException | InvalidPathException e) {
            throw new IllegalArgumentException(Setting.TAPE_DIR.key() + "='" + tape.dir()
                    + "': the directory cannot be created (" + e + ")", e);
        }
    }

    /** Closes the built-ins that hold resources (the recorder's file), newest first; a failure is logged. */
    static void close(List<Entry> builtIns) {
        for (int i = builtIns.size() - 1; i >= 0; i--) {
            if (builtIns.get(i).interceptor() instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    LOG.log(Level.WARNING, "McpGate: closing the interceptor "
                            + builtIns.get(i).interceptor().name() + " failed", e);
                }
            }
        }
    }
}
