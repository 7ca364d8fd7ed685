package dev.mcpgate.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TimetableTest {

    @Test
    void requestsAreDueOneIntervalApartFromTheStart() {
        Timetable t = new Timetable(1000, 1);
        t.start(5_000);
        assertEquals(5_000, t.due(0));
        assertEquals(5_000 + 1_000_000, t.due(1));
        assertEquals(5_000 + 250_000_000, t.due(250));
    }

    @Test
    void connectionsTakeTurnsOnOneSchedule() {
        Timetable t = new Timetable(4000, 4); // 250 us apart over all, 1 ms apart per connection
        t.start(0);
        assertEquals(0, t.due(0, 0));
        assertEquals(250_000, t.due(1, 0));
        assertEquals(750_000, t.due(3, 0));
        assertEquals(1_000_000, t.due(0, 1));
        assertEquals(1_250_000, t.due(1, 1));
    }

    @Test
    void aLongScheduleDoesNotDriftAtARateWithoutAnExactInterval() {
        Timetable t = new Timetable(3000, 1); // 333,333.33 ns apart: added up it would drift by 0.33 ns a step
        t.start(0);
        assertEquals(3_600_000_000_000L, t.due(3000L * 3600), 1); // one hour in: exactly 3600 s
    }

    @Test
    void awaitDueReturnsNotBeforeTheDueTime() {
        long due = System.nanoTime() + 2_000_000;
        Timetable.awaitDue(due);
        assertTrue(System.nanoTime() >= due);
    }

    @Test
    void rateAndConnectionsMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new Timetable(0, 1));
        assertThrows(IllegalArgumentException.class, () -> new Timetable(Double.NaN, 1));
        assertThrows(IllegalArgumentException.class, () -> new Timetable(10, 0));
    }
}
