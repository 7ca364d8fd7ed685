package dev.mcpgate.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CpuAccountTest {

    private static final long MS = 1_000_000L;

    /** 1,000 requests: 1 ms of CPU over the phase is 1 µs per request. */
    private static CpuAccount.Sample sample(long server, long client, long database, long host, Map<String, Long> threads) {
        return new CpuAccount.Sample(server * MS, 0, client * MS, database * MS, host * MS, threads);
    }

    @Test
    void aPostgresStoreSplitsTheServerIntoRequestPathAndItsPoolAndAddsThePostgresProcesses() {
        CpuAccount.Sample before = sample(1000, 500, 300, 10_000,
                Map.of("java", 900 * MS, "observe-postgres", 100 * MS, "observe-derby", 50 * MS, "derby", 7 * MS));
        CpuAccount.Sample after = sample(1250, 560, 330, 10_400,
                Map.of("java", 1120 * MS, "observe-postgres", 140 * MS, "observe-derby", 50 * MS, "derby", 9 * MS));
        CpuAccount a = CpuAccount.between(before, after, 1000, Configuration.OBSERVE_POSTGRES);
        assertEquals(250, a.server(), 1e-9);
        assertEquals(60, a.client(), 1e-9);
        assertEquals(30, a.database(), 1e-9);
        assertEquals(40, a.storeThreads(), 1e-9); // its own pool only: Derby's daemons are not its store
        assertEquals(2, a.idleThreads(), 1e-9);   // Derby's daemons, and observe-derby's pool, which used none
        assertEquals(208, a.requestPath(), 1e-9);
        assertEquals(30, a.jvmInternal(), 1e-9); // 250 of the process, 220 of its Java threads
        assertEquals(340, a.machine(), 1e-9);
        assertEquals(400, a.hostBusy(), 1e-9);
    }

    @Test
    void aDerbyStoreCountsDerbysDaemonsAsStoreThreads() {
        CpuAccount.Sample before = sample(0, 0, 0, 0, Map.of("java", 0L, "observe-derby", 10 * MS, "derby", 1 * MS));
        CpuAccount.Sample after = sample(300, 50, 0, 360, Map.of("java", 280 * MS, "observe-derby", 110 * MS, "derby", 6 * MS));
        CpuAccount a = CpuAccount.between(before, after, 1000, Configuration.OBSERVE_DERBY);
        assertEquals(105, a.storeThreads(), 1e-9);
        assertEquals(0, a.idleThreads(), 1e-9);
        assertEquals(195, a.requestPath(), 1e-9);
    }

    @Test
    void withoutTheFilterNoThreadIsTheStoresAndTheOtherEndpointsPoolsAreIdleWork() {
        CpuAccount.Sample before = sample(0, 0, 0, 0, Map.of("java", 0L, "observe-postgres", 0L));
        CpuAccount.Sample after = sample(200, 50, 0, 250, Map.of("java", 190 * MS, "observe-postgres", 30 * MS));
        CpuAccount a = CpuAccount.between(before, after, 1000, Configuration.BARE);
        assertEquals(0, a.storeThreads(), 1e-9);
        assertEquals(30, a.idleThreads(), 1e-9); // observe-postgres's pool rolling up while bare runs
        assertEquals(170, a.requestPath(), 1e-9);
    }

    @Test
    void aPoolThatHasNotStartedYetUsedNoCpu() {
        CpuAccount.Sample before = sample(0, 0, 0, 0, Map.of("java", 0L));
        CpuAccount.Sample after = sample(100, 10, 0, 110, Map.of("java", 90 * MS, "observe-nostore", 5 * MS));
        assertEquals(5, CpuAccount.between(before, after, 1000, Configuration.OBSERVE_NOSTORE).storeThreads(), 1e-9);
    }

    @Test
    void aFailedProbeGivesNoAccount() {
        CpuAccount.Sample ok = sample(0, 0, 0, 0, Map.of("java", 0L));
        assertSame(CpuAccount.NONE, CpuAccount.between(ok, CpuAccount.Sample.FAILED, 1000, Configuration.BARE));
        assertSame(CpuAccount.NONE, CpuAccount.between(ok, ok, 0, Configuration.BARE));
    }

    @Test
    void threadsNotReadLeaveTheSplitUnknownButTheTotalsKnown() {
        CpuAccount.Sample before = sample(0, 0, -1, -1, Map.of());
        CpuAccount.Sample after = sample(100, 10, -1, -1, Map.of());
        CpuAccount a = CpuAccount.between(before, after, 1000, Configuration.OBSERVE_POSTGRES);
        assertTrue(Double.isNaN(a.storeThreads()));
        assertTrue(Double.isNaN(a.requestPath()));
        assertTrue(Double.isNaN(a.hostBusy()));
        assertEquals(0, a.database(), 1e-9); // no PostgreSQL to read: none counted
        assertEquals(110, a.machine(), 1e-9);
    }

    @Test
    void aSaturatedClosedLoopRunsAtCoresOverMachineCpuPerRequest() {
        CpuAccount a = new CpuAccount(150, 50, 0, 0, 0, 150, 10, 200, 210);
        assertEquals(10_000, a.saturationRps(2), 1e-9);
        assertEquals(1.6, a.coresUsed(8_000), 1e-9);
    }

    @Test
    void aThroughputBudgetBoundsTheMachineCpuBMayAdd() {
        assertEquals(20, CpuAccount.allowedAdded(180, 0.90), 1e-9);  // 180 / 0.9 = 200
        assertEquals(50, CpuAccount.allowedAdded(200, 0.80), 1e-9);  // 200 / 0.8 = 250
    }
}
