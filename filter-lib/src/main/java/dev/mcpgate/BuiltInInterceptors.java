package dev.mcpgate;

import dev.mcpgate.intercept.McpInterceptor;
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

    /**
     * The built-ins {@code config} turns on, in no particular order (the chain orders them).
     * Each one that the filter starts here is also closed by it (an {@link AutoCloseable} one).
     */
    static List<Entry> create(McpGateConfig config, ScheduledExecutorService scheduler) {
        List<Entry> builtIns = new ArrayList<>(3);
        if (!config.interceptors().enabled()) {
            return builtIns; // the kill switch: none is started, none would be called
        }
        if (config.tape().enabled()) {
            builtIns.add(new Entry(RECORDER_PRIORITY, recorder(config.tape(), config.endpointName(), scheduler)));
        }
        // issue 13: pinning (PINNING_PRIORITY) and the rules (RULES_PRIORITY) add themselves here when
        // their settings turn them on
        return builtIns;
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
