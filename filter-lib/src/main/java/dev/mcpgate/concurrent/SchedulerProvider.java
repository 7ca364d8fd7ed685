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
 * java:comp/DefaultManagedScheduledExecutorService}), else a single daemon thread of the filter's
 * own that {@link #close()} shuts down on undeploy.
 *
 * <p>The managed executor is looked up as a plain {@link ScheduledExecutorService} (which the
 * managed one extends), so no Jakarta Concurrency class is needed on servers without it. Look it up
 * on a container thread (filter {@code init}): {@code java:comp} names resolve only there.
 */
public final class SchedulerProvider implements AutoCloseable {

    private static final Logger LOG = System.getLogger(SchedulerProvider.class.getName());
    private static final long OWN_POOL_SHUTDOWN_SECONDS = 5;

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
        ScheduledThreadPoolExecutor own = new ScheduledThreadPoolExecutor(1, daemonThreads(threadName));
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

    private static ScheduledExecutorService lookup(String jndiName) {
        try {
            Object found = new InitialContext().lookup(jndiName);
            return found instanceof ScheduledExecutorService executor ? executor : null;
        } catch (NamingException | RuntimeException e) {
            return null; // no JNDI, or no such executor: a plain servlet container
        }
    }

    private static ThreadFactory daemonThreads(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, count.incrementAndGet() == 1 ? name : name + "-" + count.get());
            thread.setDaemon(true);
            return thread;
        };
    }
}
