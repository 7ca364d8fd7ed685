package dev.mcpgate.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Reading a window's newest rows back from its end, slice by slice ({@link NewestFirst#fromTheEnd}). */
class NewestFirstTest {

    private static final Instant HOUR = Instant.parse("2026-12-02T10:00:00Z");

    @Test
    void theNewestRowsComeInOrderFromSlicesThatStartAtAMinuteAndNeverSpanAnHourStart() {
        Random random = new Random(7);
        List<Instant> rows = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            rows.add(HOUR.minus(Duration.ofHours(3)).plusMillis(random.nextInt(4 * 3_600_000)));
        }
        Instant from = HOUR.minus(Duration.ofMinutes(150));
        Instant to = HOUR.plus(Duration.ofMinutes(37));
        List<Instant[]> slices = new ArrayList<>();
        for (int limit : List.of(1, 50, 4_000, 10_000)) {
            slices.clear();
            List<Instant> read = NewestFirst.fromTheEnd(from, to, limit, (a, b, n) -> {
                slices.add(new Instant[] {a, b});
                return rows.stream().filter(t -> !t.isBefore(a) && t.isBefore(b))
                        .sorted(Comparator.reverseOrder()).limit(n).toList();
            });
            assertEquals(rows.stream().filter(t -> !t.isBefore(from) && t.isBefore(to))
                    .sorted(Comparator.reverseOrder()).limit(limit).toList(), read, "limit " + limit);
            assertEquals(Duration.ofMinutes(1), Duration.between(slices.get(0)[0], slices.get(0)[1]));
            for (Instant[] slice : slices) {
                assertEquals(TimeStep.HOUR.floor(slice[0]), TimeStep.HOUR.floor(slice[1].minusNanos(1)),
                        "a slice within one hour");
            }
        }
        assertTrue(slices.size() < 20, "doubling slices: " + slices.size() + " queries for two and a half hours");
    }
}
