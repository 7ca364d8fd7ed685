package dev.mcpgate.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class PairFiguresTest {

    private static LoadRun.Result result(Configuration c, double rps, CpuAccount cpu) {
        Histogram h = new Histogram(60_000_000_000L, 3);
        h.recordValue(100_000);
        return new LoadRun.Result(c.wireName, 1000, 0, rps, h, List.of(), cpu, 0, null);
    }

    @Test
    void thePairsMachineCpuIsSplitByPartAndPredictsTheThroughputRatio() {
        PairFigures pairs = new PairFigures();
        // bare: 100 request path + 60 client; observe-postgres: 130 + 30 store threads, 70 client, 40 PostgreSQL
        pairs.add(Map.of(
                Configuration.BARE, result(Configuration.BARE, 12_500, new CpuAccount(100, 60, 0, 0, 0, 100, 5, 160, 170)),
                Configuration.OBSERVE_POSTGRES, result(Configuration.OBSERVE_POSTGRES, 8_000,
                        new CpuAccount(160, 70, 40, 30, 0, 130, 8, 270, 290))));
        String key = "observe-postgres/bare";
        assertEquals(110, pairs.spread(key, PairFigures.ADDED_MACHINE_CPU).median(), 1e-9);
        assertEquals(30, pairs.spread(key, PairFigures.ADDED_REQUEST_PATH_CPU).median(), 1e-9);
        assertEquals(30, pairs.spread(key, PairFigures.ADDED_STORE_THREADS_CPU).median(), 1e-9);
        assertEquals(40, pairs.spread(key, PairFigures.ADDED_DATABASE_CPU).median(), 1e-9);
        assertEquals(10, pairs.spread(key, PairFigures.ADDED_CLIENT_CPU).median(), 1e-9);
        assertEquals(160, pairs.spread(key, PairFigures.BASE_MACHINE_CPU).median(), 1e-9);
        assertEquals(160.0 / 270, pairs.spread(key, PairFigures.PREDICTED_THROUGHPUT).median(), 1e-9);
        assertEquals(0.64, pairs.spread(key, PairFigures.THROUGHPUT).median(), 1e-9);
    }
}
