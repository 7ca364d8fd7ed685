package dev.mcpgate.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class ThreadCpuTest {

    @Test
    void theFiltersOwnPoolThreadsCountForTheirEndpoint() {
        // SchedulerProvider.own names them mcpgate-<endpoint>, then -2, -3; endpoint names have hyphens
        assertEquals("observe-postgres", ThreadCpu.group("mcpgate-observe-postgres"));
        assertEquals("observe-postgres", ThreadCpu.group("mcpgate-observe-postgres-2"));
        assertEquals("observe-derby", ThreadCpu.group("mcpgate-observe-derby-3"));
        assertEquals("bare", ThreadCpu.group("mcpgate-bare"));
    }

    @Test
    void derbysDaemonsFormTheirOwnGroup() {
        assertEquals(ThreadCpu.DERBY, ThreadCpu.group("derby.rawStoreDaemon"));
        assertEquals(ThreadCpu.DERBY, ThreadCpu.group("derby.antiGC"));
    }

    @Test
    void requestThreadsAndOtherPoolsBelongToNoGroup() {
        assertNull(ThreadCpu.group("http-nio-127.0.0.1-auto-1-exec-3"));
        assertNull(ThreadCpu.group("http-nio-127.0.0.1-auto-1-Poller"));
        assertNull(ThreadCpu.group("mcpgate-store-reads observe-postgres housekeeper")); // Hikari: not the writer
        assertNull(ThreadCpu.group("main"));
    }

    @Test
    void aThreadThatEndsBetweenReadsKeepsItsCpuInItsGroupsSum() throws Exception {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        CountDownLatch read = new CountDownLatch(1);
        long[] spins = new long[1];
        Thread worker = new Thread(() -> {
            long end = mx.getCurrentThreadCpuTime() + 20_000_000L;
            while (mx.getCurrentThreadCpuTime() < end) {
                spins[0]++; // 20 ms of CPU, then it waits for the first read
            }
            try {
                read.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "mcpgate-thread-cpu-test");
        worker.start();
        while (mx.getThreadCpuTime(worker.getId()) < 20_000_000L) {
            Thread.onSpinWait();
        }
        long whileAlive = ThreadCpu.nanosByGroup().getOrDefault("thread-cpu-test", 0L);
        read.countDown();
        worker.join();
        long afterItEnded = ThreadCpu.nanosByGroup().getOrDefault("thread-cpu-test", 0L);
        assertTrue(whileAlive >= 20_000_000L, "read while it lived: " + whileAlive);
        assertTrue(afterItEnded >= whileAlive, "ended, it still counts: " + whileAlive + " then " + afterItEnded);
    }

    @Test
    void theLiveThreadsAreSummedIntoTheAllGroup() {
        Map<String, Long> byGroup = ThreadCpu.nanosByGroup();
        // this JVM's main thread has run code by now: the sum over all threads is positive
        assertTrue(byGroup.getOrDefault(ThreadCpu.ALL, 0L) > 0, byGroup.toString());
    }
}
