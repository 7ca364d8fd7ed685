package dev.mcpgate.session;

import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The replay logs in this JVM's memory: the default {@link ReplayStore}, and the test fixture.
 *
 * <p>Bounds, each counted when it evicts: {@code maxEvents} and {@code maxStreamBytes} per stream
 * (the oldest events of the stream go first; an event larger than {@code maxStreamBytes} is not
 * kept at all), {@code maxBytes} across every stream (the streams that hold events longest lose
 * their oldest events first), {@value #MAX_STREAMS_PER_SESSION} streams per session (the oldest is
 * forgotten: a resume there learns that its events are gone, not how many) and {@code maxSessions}
 * sessions (the oldest is forgotten).
 */
public final class InMemoryReplayStore implements ReplayStore {

    /** Streams whose logs a session keeps; older ones are forgotten. */
    public static final int MAX_STREAMS_PER_SESSION = 256;
    private static final char[] TAG_ALPHABET = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
    private static final int TAG_LENGTH = 12;

    private final int maxEvents;
    private final long maxStreamBytes;
    private final long maxBytes;
    private final int maxSessions;
    private final SecureRandom random = new SecureRandom();
    /** Guarded by itself; insertion order, so that the oldest session is forgotten first. */
    private final Map<String, SessionLogs> sessions = new LinkedHashMap<>();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong evicted = new AtomicLong();
    /**
     * Logs that hold events, in the order they started holding them: who loses events first. A list
     * through the logs themselves, guarded by {@link #evictionLock}, so that a log leaves it in
     * constant time when its session ends, however many logs there are.
     */
    private Log orderHead;
    private Log orderTail;
    private final Object evictionLock = new Object();

    /**
     * @param maxEvents      events kept per stream
     * @param maxStreamBytes bytes kept per stream
     * @param maxBytes       bytes kept across all streams
     * @param maxSessions    sessions whose streams are kept
     */
    public InMemoryReplayStore(int maxEvents, long maxStreamBytes, long maxBytes, int maxSessions) {
        if (maxEvents < 1 || maxStreamBytes < 1 || maxBytes < 1 || maxSessions < 1) {
            throw new IllegalArgumentException("replay bounds must be positive");
        }
        this.maxEvents = maxEvents;
        this.maxStreamBytes = maxStreamBytes;
        this.maxBytes = maxBytes;
        this.maxSessions = maxSessions;
    }

    @Override
    public ReplayLog open(String sessionId) {
        SessionLogs session;
        SessionLogs forgotten = null;
        synchronized (sessions) {
            session = sessions.get(sessionId);
            if (session == null) {
                session = new SessionLogs(newTag());
                sessions.put(sessionId, session);
                if (sessions.size() > maxSessions) {
                    Iterator<SessionLogs> eldest = sessions.values().iterator();
                    forgotten = eldest.next();
                    eldest.remove();
                }
            }
        }
        if (forgotten != null) {
            forgotten.forgetAll();
        }
        return session.open();
    }

    @Override
    public Replay replay(String sessionId, String tag, long stream, long afterSeq) {
        SessionLogs session;
        synchronized (sessions) {
            session = sessions.get(sessionId);
        }
        if (session == null || !session.tag.equals(tag)) {
            return Replay.NOT_FOUND;
        }
        return session.replay(stream, afterSeq);
    }

    @Override
    public void forget(String sessionId) {
        SessionLogs session;
        synchronized (sessions) {
            session = sessions.remove(sessionId);
        }
        if (session != null) {
            session.forgetAll();
        }
    }

    @Override
    public long bytesHeld() {
        return bytes.get();
    }

    @Override
    public long eventsEvicted() {
        return evicted.get();
    }

    /** Sessions whose streams are kept now. */
    public int sessions() {
        synchronized (sessions) {
            return sessions.size();
        }
    }

    /** 60 random bits in 12 base32 characters: one draw from the generator per session. */
    private String newTag() {
        long bits = random.nextLong();
        char[] tag = new char[TAG_LENGTH];
        for (int i = 0; i < tag.length; i++) {
            tag[i] = TAG_ALPHABET[(int) (bits & 31)];
            bits >>>= 5;
        }
        return new String(tag);
    }

    /** Evicts the oldest events of the longest-holding logs until the bytes are within the bound. */
    private void evictAcrossStreams() {
        synchronized (evictionLock) {
            while (bytes.get() > maxBytes) {
                Log oldest = orderHead;
                if (oldest == null) {
                    return;
                }
                if (!oldest.evictOldestOrLeave()) {
                    unlink(oldest); // it rejoins at the tail when it holds again
                }
            }
        }
    }

    /** Puts a log that holds events at the tail of the eviction order, unless it is in it. */
    private void join(Log log) {
        synchronized (evictionLock) {
            if (log.linked || log.isForgotten()) {
                return;
            }
            log.linked = true;
            log.previous = orderTail;
            log.next = null;
            if (orderTail == null) {
                orderHead = log;
            } else {
                orderTail.next = log;
            }
            orderTail = log;
        }
    }

    /** Takes a log out of the eviction order; call with {@link #evictionLock} held. */
    private void unlink(Log log) {
        if (!log.linked) {
            return;
        }
        if (log.previous == null) {
            orderHead = log.next;
        } else {
            log.previous.next = log.next;
        }
        if (log.next == null) {
            orderTail = log.previous;
        } else {
            log.next.previous = log.previous;
        }
        log.previous = null;
        log.next = null;
        log.linked = false;
    }

    private void leave(Log log) {
        synchronized (evictionLock) {
            unlink(log);
        }
    }

    /** One session's streams. */
    private final class SessionLogs {
        final String tag;
        /** Guarded by this: the logs kept, oldest first. */
        private final LinkedHashMap<Long, Log> streams = new LinkedHashMap<>();
        private long lastStream;

        SessionLogs(String tag) {
            this.tag = tag;
        }

        ReplayLog open() {
            Log log;
            Log forgotten = null;
            synchronized (this) {
                log = new Log(tag, ++lastStream);
                streams.put(log.stream, log);
                if (streams.size() > MAX_STREAMS_PER_SESSION) {
                    forgotten = dropOldest();
                }
            }
            if (forgotten != null) {
                forgotten.forget();
            }
            return log;
        }

        /**
         * Drops the oldest completed stream, or the oldest when all are still written (a long-lived
         * standalone GET stream outlives many POST streams). Call under this session's lock.
         */
        private Log dropOldest() {
            Iterator<Log> logs = streams.values().iterator();
            while (logs.hasNext()) {
                Log log = logs.next();
                if (log.isComplete()) {
                    logs.remove();
                    return log;
                }
            }
            Iterator<Log> eldest = streams.values().iterator();
            Log log = eldest.next();
            eldest.remove();
            return log;
        }

        Replay replay(long stream, long afterSeq) {
            Log log;
            synchronized (this) {
                if (stream < 1 || stream > lastStream) {
                    return Replay.NOT_FOUND;
                }
                log = streams.get(stream);
            }
            return log == null ? new Replay(true, -1, List.of(), afterSeq, true) : log.replay(afterSeq);
        }

        void forgetAll() {
            List<Log> logs;
            synchronized (this) {
                logs = new ArrayList<>(streams.values());
                streams.clear();
            }
            logs.forEach(Log::forget);
        }
    }

    private record Entry(long seq, byte[] frame) {
        int size() {
            return frame == null ? 0 : frame.length;
        }
    }

    /** One stream's events; guarded by itself. */
    private final class Log implements ReplayLog {
        private final String tag;
        private final long stream;
        private final ArrayDeque<Entry> entries = new ArrayDeque<>();
        private long held;
        private long lastSeq;
        private boolean complete;
        private boolean forgotten;
        /** Whether it asked to join the eviction order since it last left it; guarded by this log. */
        private boolean inOrder;
        /** The eviction order's links; guarded by the store's eviction lock. */
        private boolean linked;
        private Log previous;
        private Log next;

        Log(String tag, long stream) {
            this.tag = tag;
            this.stream = stream;
        }

        @Override
        public String tag() {
            return tag;
        }

        @Override
        public long stream() {
            return stream;
        }

        @Override
        public void append(long seq, byte[] frame) {
            keep(seq, frame.length > maxStreamBytes ? null : frame);
        }

        @Override
        public void skip(long seq) {
            keep(seq, null);
        }

        private void keep(long seq, byte[] frame) {
            boolean joinOrder;
            synchronized (this) {
                if (forgotten) {
                    return;
                }
                lastSeq = seq;
                Entry entry = new Entry(seq, frame);
                entries.addLast(entry);
                if (frame == null) {
                    evicted.incrementAndGet();
                }
                held += entry.size();
                bytes.addAndGet(entry.size());
                while (entries.size() > maxEvents || held > maxStreamBytes) {
                    dropFirst();
                }
                joinOrder = !inOrder && held > 0;
                inOrder |= joinOrder;
            }
            if (joinOrder) {
                join(this);
            }
            if (bytes.get() > maxBytes) {
                evictAcrossStreams();
            }
        }

        @Override
        public synchronized void complete() {
            complete = true;
        }

        /**
         * Evicts the oldest event with bytes; when there is none, leaves the eviction order (under
         * this log's lock, so that an append after it joins the order again).
         *
         * @return whether an event with bytes was evicted
         */
        synchronized boolean evictOldestOrLeave() {
            while (!entries.isEmpty()) {
                if (dropFirst() > 0) {
                    return true;
                }
            }
            inOrder = false;
            return false;
        }

        synchronized boolean isComplete() {
            return complete;
        }

        /** Drops the oldest entry; counts it unless it was a placeholder (counted when it was noted). */
        private int dropFirst() {
            Entry first = entries.pollFirst();
            held -= first.size();
            bytes.addAndGet(-first.size());
            if (first.frame != null) {
                evicted.incrementAndGet();
            }
            return first.size();
        }

        synchronized Replay replay(long afterSeq) {
            if (afterSeq < 0 || afterSeq > lastSeq) {
                return Replay.NOT_FOUND; // an event this stream has not sent
            }
            long firstKept = entries.isEmpty() ? lastSeq + 1 : entries.peekFirst().seq;
            long lost = Math.max(0, firstKept - (afterSeq + 1));
            List<byte[]> frames = new ArrayList<>();
            for (Entry entry : entries) {
                if (entry.seq <= afterSeq) {
                    continue;
                }
                if (entry.frame == null) {
                    lost++;
                } else {
                    frames.add(entry.frame);
                }
            }
            return new Replay(true, lost, frames, lastSeq, complete || forgotten);
        }

        void forget() {
            synchronized (this) {
                if (forgotten) {
                    return;
                }
                forgotten = true;
                bytes.addAndGet(-held);
                held = 0;
                entries.clear();
            }
            leave(this);
        }

        synchronized boolean isForgotten() {
            return forgotten;
        }
    }
}
