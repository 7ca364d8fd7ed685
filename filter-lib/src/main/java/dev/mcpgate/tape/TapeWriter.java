package dev.mcpgate.tape;

import dev.mcpgate.concurrent.Backoff;
import dev.mcpgate.concurrent.BackgroundWorker;
import jakarta.json.Json;
import jakarta.json.JsonWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes {@link TapeEntry tape entries} to {@code tape-YYYY-MM-DD.jsonl} in the tape directory (the UTC day
 * of the entry's time), one JSON line each, appended. {@link #offer} is what the request thread calls:
 * lock-free and bounded; when {@code capacity} entries wait, the entry is not recorded and counted
 * ({@link #dropped()}), logged at most once a minute. The writing happens in rounds of a {@link
 * BackgroundWorker} on the filter's scheduler; a file is forced to disk when the day changes and on
 * {@link #close}. An entry that cannot be written (disk full, directory gone) is counted as {@link
 * #failed()} and the worker backs off: the recorder never breaks an exchange.
 */
public final class TapeWriter {

    private static final System.Logger LOG = System.getLogger(TapeWriter.class.getName());
    private static final int ROUND_MAX = 512;
    private static final long LOG_EVERY_NANOS = Duration.ofMinutes(1).toNanos();

    private final Path dir;
    private final TapeRedaction redaction;
    private final int capacity;
    private final Queue<TapeEntry> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger waiting = new AtomicInteger();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final BackgroundWorker worker;

    // writer thread only (rounds never overlap)
    private FileChannel channel;
    private LocalDate day;
    private long droppedLogged;
    private long lastLogNanos = System.nanoTime() - LOG_EVERY_NANOS;

    /**
     * @param dir       the tape directory (created when missing)
     * @param redaction what the lines never show
     * @param capacity  entries that may wait for the writer
     * @param scheduler where the writer's rounds run
     * @param idle      how long the writer waits between rounds when nothing is waiting
     */
    public TapeWriter(Path dir, TapeRedaction redaction, int capacity, ScheduledExecutorService scheduler,
            Duration idle) {
        this.dir = dir;
        this.redaction = redaction;
        this.capacity = capacity;
        this.worker = new BackgroundWorker("tape writer " + dir, scheduler, this::round,
                new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(1)), idle);
    }

    /** Creates the directory and starts the writer. */
    public TapeWriter start() throws IOException {
        Files.createDirectories(dir);
        worker.start();
        return this;
    }

    /** Queues an entry; never blocks. @return whether it will be written (false: the queue is full, counted). */
    public boolean offer(TapeEntry entry) {
        if (waiting.incrementAndGet() > capacity) {
            waiting.decrementAndGet();
            dropped.incrementAndGet();
            return false;
        }
        queue.add(entry);
        return true;
    }

    /** Entries not recorded because the queue was full. */
    public long dropped() {
        return dropped.get();
    }

    /** Entries lost to a write failure. */
    public long failed() {
        return failed.get();
    }

    /** Entries written. */
    public long written() {
        return written.get();
    }

    /** The file of a UTC day. */
    public static String fileName(LocalDate day) {
        return "tape-" + day + ".jsonl";
    }

    /**
     * Writes what waits, forces the file to disk and closes it.
     *
     * @return whether everything queued was written before the timeout
     */
    public boolean close(Duration timeout) {
        boolean finished = worker.close(timeout, Duration.ofSeconds(1));
        try {
            closeFile();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "tape " + dir + ": cannot close the tape file: " + e);
        }
        return finished;
    }

    private BackgroundWorker.Round round() throws IOException {
        logDrops();
        int taken = 0;
        TapeEntry entry;
        while (taken < ROUND_MAX && (entry = queue.poll()) != null) {
            waiting.decrementAndGet();
            taken++;
            try {
                write(entry);
                written.incrementAndGet();
            } catch (IOException e) {
                failed.incrementAndGet();
                LOG.log(Level.WARNING, "tape " + dir + ": an exchange was not recorded: " + e);
                closeQuietly();
                return BackgroundWorker.Round.FAILED;
            }
        }
        return taken == 0 ? BackgroundWorker.Round.IDLE : BackgroundWorker.Round.MORE;
    }

    private void write(TapeEntry entry) throws IOException {
        LocalDate entryDay = LocalDate.ofInstant(entry.time(), ZoneOffset.UTC);
        if (channel == null || !entryDay.equals(day)) {
            closeFile();
            channel = FileChannel.open(dir.resolve(fileName(entryDay)), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            day = entryDay;
        }
        ByteBuffer bytes = StandardCharsets.UTF_8.encode(line(entry));
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
    }

    /** The entry's JSON line, with its line break. */
    String line(TapeEntry entry) {
        StringWriter out = new StringWriter(256);
        try (JsonWriter writer = Json.createWriter(out)) {
            writer.writeObject(entry.toJson(redaction));
        }
        return out.append('\n').toString();
    }

    private void closeFile() throws IOException {
        if (channel != null) {
            try {
                channel.force(true);
            } finally {
                channel.close();
                channel = null;
            }
        }
    }

    private void closeQuietly() {
        try {
            closeFile();
        } catch (IOException ignored) {
            channel = null; // the next round opens the file again
        }
    }

    private void logDrops() {
        long now = System.nanoTime();
        long drops = dropped.get();
        if (drops > droppedLogged && now - lastLogNanos >= LOG_EVERY_NANOS) {
            LOG.log(Level.WARNING, "tape " + dir + ": " + (drops - droppedLogged) + " exchanges not recorded (the "
                    + "writer's queue was full; tape-queue-capacity=" + capacity + "), " + drops + " in all");
            droppedLogged = drops;
            lastLogNanos = now;
        }
    }
}
