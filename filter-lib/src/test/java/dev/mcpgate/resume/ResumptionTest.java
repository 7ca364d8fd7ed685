package dev.mcpgate.resume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mcpgate.session.InMemoryReplayStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ResumptionTest {

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    /** A client connection that records what it is sent, and can be made to fail. */
    private static final class Client implements Delivery.Connection {
        final List<String> received = new ArrayList<>();
        volatile boolean fail;
        volatile boolean ended;
        volatile boolean closed;

        @Override
        public synchronized void write(byte[] frame) throws IOException {
            if (fail) {
                throw new IOException("gone");
            }
            if (frame.length > 0) {
                received.add(new String(frame, StandardCharsets.UTF_8));
            }
        }

        @Override
        public void end() {
            ended = true;
        }

        @Override
        public void close() {
            closed = true;
        }

        synchronized List<String> ids() {
            return received.stream().filter(f -> f.startsWith("id: "))
                    .map(f -> f.substring(4, f.indexOf('\n'))).toList();
        }
    }

    private Resumption resumption(int maxEvents, Duration closeAfter, Duration detachedTimeout) {
        ResumeOptions options = new ResumeOptions(Duration.ofSeconds(1), maxEvents, 1 << 20, 1 << 20, 1 << 20,
                null, closeAfter, detachedTimeout);
        return new Resumption(options, new InMemoryReplayStore(maxEvents, 1 << 20, 1 << 20, 100), scheduler);
    }

    private static byte[] data(String text) {
        return ("data: " + text + "\n").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aClientThatResumesGetsEveryEventExactlyOnceInOrder() {
        Resumption resumption = resumption(256, null, Duration.ofMinutes(5));
        ResumableStream stream = resumption.open("s", ResumableStream.Kind.POST, () -> { });
        Client original = new Client();
        Delivery first = new Delivery(original);
        stream.attachOriginal(first, stream.priming(1000));
        stream.event(data("1"));
        stream.event(data("2"));
        original.fail = true;
        stream.event(data("3")); // the write fails: the client is gone, the event is kept
        stream.event(data("4"));
        assertTrue(stream.detached());
        String lastSeen = original.ids().get(original.ids().size() - 1);

        Client resumed = new Client();
        assertEquals(Resumption.Outcome.RESUMED, resumption.resume("s", lastSeen, new Delivery(resumed)));
        stream.event(data("5"));
        stream.finish();
        List<String> all = new ArrayList<>(original.received);
        all.addAll(resumed.received);
        List<String> payloads = all.stream().filter(f -> f.contains("data: ") && !f.contains("data: \n"))
                .map(f -> f.substring(f.indexOf("data: ") + 6, f.indexOf('\n', f.indexOf("data: ")))).toList();
        assertEquals(List.of("1", "2", "3", "4", "5"), payloads);
        assertTrue(resumed.ended, "a POST stream's resume ends with the stream");
        assertTrue(original.received.get(0).startsWith("id: ") && original.received.get(0).contains("\nretry: 1000\ndata: \n\n"),
                "the priming event comes first: " + original.received.get(0));
    }

    @Test
    void anIdOfAnotherSessionGetsNothing() {
        Resumption resumption = resumption(256, null, Duration.ofMinutes(5));
        ResumableStream theirs = resumption.open("theirs", ResumableStream.Kind.POST, () -> { });
        Client client = new Client();
        theirs.attachOriginal(new Delivery(client), theirs.priming(1000));
        theirs.event(data("secret"));
        resumption.open("mine", ResumableStream.Kind.POST, () -> { });
        Client thief = new Client();
        String theirId = client.ids().get(0);
        assertEquals(Resumption.Outcome.NOT_FOUND, resumption.resume("mine", theirId, new Delivery(thief)));
        assertEquals(Resumption.Outcome.MALFORMED, resumption.resume("mine", "not-an-id", new Delivery(thief)));
        assertEquals(List.of(), thief.received);
    }

    @Test
    void aResumeAfterEvictedEventsIsToldHowManyItLost() {
        Resumption resumption = resumption(2, null, Duration.ofMinutes(5));
        ResumableStream stream = resumption.open("s", ResumableStream.Kind.POST, () -> { });
        Client original = new Client();
        stream.attachOriginal(new Delivery(original), stream.priming(1000));
        original.fail = true;
        for (int i = 1; i <= 5; i++) {
            stream.event(data(Integer.toString(i)));
        }
        stream.finish();
        Client resumed = new Client();
        resumption.resume("s", original.ids().get(0), new Delivery(resumed));
        assertEquals(": mcpgate: 3 events of this stream were evicted from the replay log and are lost\n\n",
                resumed.received.get(0));
        assertEquals(3, resumed.received.size());
        assertTrue(resumed.received.get(2).contains("data: 5"));
        assertTrue(resumed.ended);
    }

    @Test
    void closesAPostStreamsConnectionAfterCloseAfterAndKeepsTheStream() throws InterruptedException {
        Resumption resumption = resumption(256, Duration.ofMillis(50), Duration.ofMinutes(5));
        ResumableStream stream = resumption.open("s", ResumableStream.Kind.POST, () -> { });
        Client original = new Client();
        stream.attachOriginal(new Delivery(original), stream.priming(1000));
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!original.closed && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertTrue(original.closed, "closed by the sweep");
        assertTrue(stream.detached());
        stream.event(data("later"));
        Client resumed = new Client();
        resumption.resume("s", original.ids().get(0), new Delivery(resumed));
        assertTrue(resumed.received.get(0).contains("data: later"));
        assertFalse(stream.abandoned());
    }

    /**
     * sse-close-after ends the original POST answer only: the GET that resumed it tails the stream to
     * its end (the conformance suite's server-sse-polling resumes once and waits 5 s for the result).
     */
    @Test
    void aResumedPostStreamIsNotClosedByCloseAfter() {
        Resumption resumption = resumption(256, Duration.ofMillis(50), Duration.ofMinutes(5));
        ResumableStream stream = resumption.open("s", ResumableStream.Kind.POST, () -> { });
        Client original = new Client();
        stream.attachOriginal(new Delivery(original), stream.priming(1000));
        awaitClosed(original);
        Client resumed = new Client();
        assertEquals(Resumption.Outcome.RESUMED, resumption.resume("s", original.ids().get(0), new Delivery(resumed)));
        // a POST stream opened after the resume: once the sweep closed it, close-after has passed for the resume too
        ResumableStream later = resumption.open("s", ResumableStream.Kind.POST, () -> { });
        Client marker = new Client();
        later.attachOriginal(new Delivery(marker), later.priming(1000));
        awaitClosed(marker);
        assertFalse(resumed.closed, "the resumed connection was closed by sse-close-after");
        stream.event(data("result"));
        stream.finish();
        assertTrue(resumed.received.get(0).contains("data: result"));
        assertTrue(resumed.ended);
    }

    /**
     * A sweep between open and attachOriginal (the servlet thread is still building the stream) finds
     * it without a client: that is no client that stayed away, and the server must not be stopped.
     */
    @Test
    void aStreamNotYetAttachedIsNotAbandoned() {
        AtomicBoolean told = new AtomicBoolean();
        Resumption resumption = resumption(256, Duration.ofMillis(50), Duration.ofMinutes(5));
        ResumableStream opening = resumption.open("s", ResumableStream.Kind.POST, () -> told.set(true));
        // another stream, closed by the sweep after close-after: sweeps have run over the unattached one
        ResumableStream marker = resumption.open("s", ResumableStream.Kind.POST, () -> { });
        Client client = new Client();
        marker.attachOriginal(new Delivery(client), marker.priming(1000));
        awaitClosed(client);
        assertFalse(opening.abandoned(), "abandoned before its client was attached");
        assertFalse(told.get());
    }

    private static void awaitClosed(Client client) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!client.closed && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertTrue(client.closed, "closed by the sweep");
    }

    @Test
    void aClientAwayLongerThanTheDetachedTimeoutMakesTheServerStop() {
        AtomicBoolean told = new AtomicBoolean();
        Resumption resumption = resumption(256, null, Duration.ofMillis(50));
        ResumableStream stream = resumption.open("s", ResumableStream.Kind.GET, () -> told.set(true));
        Client original = new Client();
        stream.attachOriginal(new Delivery(original), stream.priming(1000));
        original.fail = true;
        stream.event(data("x"));
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!told.get() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertTrue(told.get());
        assertTrue(stream.abandoned());
        assertEquals(0, resumption.liveStreams());
    }

    @Test
    void aSessionBegunAgainAfterItsLogsWereForgottenKeepsItsOldLiveStreamSwept() {
        Resumption resumption = resumption(256, null, Duration.ofMinutes(5));
        ResumableStream old = resumption.open("s", ResumableStream.Kind.GET, () -> { });
        resumption.sessionEnded("s"); // e.g. McpGate's idle timeout ended it while the server keeps its GET stream
        ResumableStream fresh = resumption.open("s", ResumableStream.Kind.GET, () -> { });
        assertEquals(old.number(), fresh.number(), "numbering starts again with the new tag");
        assertEquals(2, resumption.liveStreams(), "the new stream must not hide the old one from the sweep");
    }

    @Test
    void noHeartbeatGoesInsideAStreamThatPassesThrough() throws InterruptedException {
        ResumeOptions options = new ResumeOptions(Duration.ofSeconds(1), 256, 1 << 20, 1 << 20, 1 << 20,
                Duration.ofMillis(20), null, Duration.ofMinutes(5));
        Resumption resumption = new Resumption(options, new InMemoryReplayStore(256, 1 << 20, 1 << 20, 100), scheduler);
        ResumableStream stream = resumption.open("s", ResumableStream.Kind.POST, () -> { });
        Client client = new Client();
        stream.attachOriginal(new Delivery(client), stream.priming(1000));
        stream.passingThrough();
        stream.raw("data: half an ev".getBytes(StandardCharsets.UTF_8));
        CountDownLatchSweeps.await(scheduler, 10); // ten sweeps' worth of time
        assertEquals(2, client.received.size(), "priming and the raw bytes only: " + client.received);
    }

    /** Waits for {@code n} turns of the single-threaded scheduler: each sweep has run at least once by then. */
    private static final class CountDownLatchSweeps {
        static void await(ScheduledExecutorService scheduler, int n) throws InterruptedException {
            java.util.concurrent.CountDownLatch latch = new java.util.concurrent.CountDownLatch(n);
            for (int i = 0; i < n; i++) {
                scheduler.schedule(latch::countDown, 20L * (i + 1), java.util.concurrent.TimeUnit.MILLISECONDS);
            }
            assertTrue(latch.await(10, java.util.concurrent.TimeUnit.SECONDS));
        }
    }
}
