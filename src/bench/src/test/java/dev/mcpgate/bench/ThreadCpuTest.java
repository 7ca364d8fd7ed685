package dev.mcpgate.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
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
    void theLiveThreadsAreSummedIntoTheAllGroup() {
        Map<String, Long> byGroup = ThreadCpu.nanosByGroup();
        // this JVM's main thread has run code by now: the sum over all threads is positive
        assertTrue(byGroup.getOrDefault(ThreadCpu.ALL, 0L) > 0, byGroup.toString());
    }
}
