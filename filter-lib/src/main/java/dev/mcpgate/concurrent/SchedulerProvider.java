package dev.mcpgate.concurrent;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * Provides the scheduler the filter dispatches events and sweeps sessions on: the server's managed
 * scheduled executor when it has one (Payara, WildFly: {@code
 * java:comp/DefaultManagedScheduledExecutorService}), else daemon threads of the filter's own that
 * {@link #close()} shuts down on undeploy.
 *
 * <p>The filter's own pool has {@value #OWN_THREADS} threads, shared by the periodic tasks
 * (dispatching events, sweeping sessions, the heartbeat, the resumption sweep) and the
 * {@link BackgroundWorker}s, which may block on I/O: the store's writer, the catalogue tracker, the
 * tape recorder's writer and catalogue pinning's loader (which reads the approvals at start, until it
 * has them). Each worker runs one round at a time and holds no thread between rounds. A database that
 * stops answering holds at most the threads of the rounds in a database call (the writer's, the
 * tracker's, the pin loader's until its first read), and only until the store's query and socket
 * timeouts end the call; the dispatcher's task waits its turn meanwhile, and the event queue (bounded)
 * holds what arrives. The tasks run concurrently, as they do on a managed executor.
 *
 * <p>The managed executor is looked up as a plain {@link ScheduledExecutorService} (which the
 * managed one extends), so no Jakarta Concurrency class is needed on servers without it. Look it up
 * on a container thread (filter {@code init}): {@code java:comp} names resolve only there.
 */
public final class SchedulerProvider implements AutoCloseable {

    private static final Logger LOG = System.getLogger(SchedulerProvider.class.getName());
    private static final long OWN_POOL_SHUTDOWN_SECONDS = 5;
    /**
     * The filter's own threads: dispatch and sweeps, and the background workers (the store's writer,
     * the catalogue tracker, the tape writer, the pin loader) between them.
     */
    static final int OWN_THREADS = 3;

    private final ScheduledExecutorService scheduler;
    private final boolean owned;

    private SchedulerProvider(ScheduledExecutorService scheduler, boolean owned) {
        this.scheduler = scheduler;
        this.owned = owned;
    }

    /**
     * @param jndiName   the managed executor's JNDI name, or {@code null} to use an own thread
     * @param threadName the name of the own thread, should one be needed
     */
    public static SchedulerProvider obtain(String jndiName, String threadName) {
        ScheduledExecutorService managed = jndiName == null ? null : lookup(jndiName);
        if (managed != null) {
            LOG.log(Level.DEBUG, "McpGate dispatches on the managed executor {0}", jndiName);
            return new SchedulerProvider(managed, false);
        }
        return own(threadName, OWN_THREADS);
    }

    /**
     * A scheduler of the caller's own: {@code threads} daemon threads named {@code threadName} (then
     * {@code -2}, ...) with the caller's context class loader, shut down by {@link #close()}.
     */
    public static SchedulerProvider own(String threadName, int threads) {
        ScheduledThreadPoolExecutor own = new ScheduledThreadPoolExecutor(threads, daemonThreads(threadName));
        own.setRemoveOnCancelPolicy(true);
        own.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        return new SchedulerProvider(own, true);
    }

    public ScheduledExecutorService scheduler() {
        return scheduler;
    }

    /** Whether the scheduler is the filter's own (not the server's). */
    public boolean isOwned() {
        return owned;
    }

    /** Shuts down the own thread, waiting briefly for a running task; a managed executor is left alone. */
    @Override
    public void close() {
        if (!owned) {
            return;
        }
        scheduler.shutdown();
        try {
            if (!scheduler.awaitTermination(OWN_POOL_SHUTDOWN_SECONDS, TimeUnit.SECONDS)) {
                scheduler.shutdownNow();
            }
        } catch (InterruptedException e) {
            scheduler.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Shuts down the own threads without waiting: for a task stuck in a call that its owner gave up on;
     * its thread ends when the call returns. A managed executor is left alone.
     */
    public void abandon() {
        if (owned) {
            scheduler.shutdownNow();
        }
    }

    private static ScheduledExecutorService lookup(String jndiName) {
        try {
            Object found = new InitialContext().lookup(jndiName);
            return found instanceof ScheduledExecutorService executor ? executor : null;
        } catch (NamingException | RuntimeException e) {
            return null; // no JNDI, or no such executor: a plain servlet container
        }
    }

    /** Threads started later (by a task, a request) still get the application's class loader. */
    private static ThreadFactory daemonThreads(String name) {
        AtomicInteger count = new AtomicInteger();
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        return runnable -> {
            int n = count.incrementAndGet();
            Thread thread = new Thread(runnable, n == 1 ? name : name + "-" + n);
            thread.setDaemon(true);
            thread.setContextClassLoader(loader);
            return thread;
        };
    }
}
