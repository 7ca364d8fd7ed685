package dev.mcpgate.tape;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mcpgate.concurrent.SchedulerProvider;
import jakarta.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TapeWriterTest {

    @TempDir
    Path dir;
    private final SchedulerProvider scheduler = SchedulerProvider.own("tape-writer-test", 1);

    @AfterEach
    void stop() {
        scheduler.close();
    }

    private static TapeEntry ping(String time, int id) {
        return new TapeEntry(Instant.parse(time), "legacy", null, null, "ping", Json.createValue(id),
                null, Map.of(), 200, false, Json.createObjectBuilder().build(), null, 1);
    }

    private TapeWriter writer(int capacity) {
        return new TapeWriter(dir, TapeRedaction.defaults(), capacity, scheduler.scheduler(), Duration.ofMillis(20));
    }

    @Test
    void entriesGoToTheFileOfTheirUtcDayInOrder() throws IOException {
        TapeWriter writer = writer(16).start();
        writer.offer(ping("2026-12-01T23:59:59Z", 1));
        writer.offer(ping("2026-12-02T00:00:00Z", 2));
        writer.offer(ping("2026-12-02T00:00:01Z", 3));
        assertTrue(writer.close(Duration.ofSeconds(10)));
        List<String> first = Files.readAllLines(dir.resolve("tape-2026-12-01.jsonl"));
        List<String> second = Files.readAllLines(dir.resolve(TapeWriter.fileName(LocalDate.of(2026, 12, 2))));
        assertEquals(1, first.size());
        assertTrue(first.get(0).contains("\"id\":1"));
        assertEquals(2, second.size());
        assertTrue(second.get(0).contains("\"id\":2") && second.get(1).contains("\"id\":3"), second.toString());
        assertEquals(3, writer.written());
    }

    @Test
    void aFullQueueDropsAndCountsInsteadOfBlocking() throws IOException {
        TapeWriter writer = writer(2); // not started: nothing drains the queue yet
        assertTrue(writer.offer(ping("2026-12-02T00:00:00Z", 1)));
        assertTrue(writer.offer(ping("2026-12-02T00:00:00Z", 2)));
        assertFalse(writer.offer(ping("2026-12-02T00:00:00Z", 3)));
        assertEquals(1, writer.dropped());
        writer.start();
        assertTrue(writer.close(Duration.ofSeconds(10)));
        assertEquals(2, Files.readAllLines(dir.resolve("tape-2026-12-02.jsonl")).size());
    }

    @Test
    void aTapeIsAppendedToAcrossRestarts() throws IOException {
        TapeWriter first = writer(4).start();
        first.offer(ping("2026-12-02T00:00:00Z", 1));
        assertTrue(first.close(Duration.ofSeconds(10)));
        TapeWriter second = writer(4).start();
        second.offer(ping("2026-12-02T00:00:05Z", 2));
        assertTrue(second.close(Duration.ofSeconds(10)));
        assertEquals(2, Files.readAllLines(dir.resolve("tape-2026-12-02.jsonl")).size());
    }
}
