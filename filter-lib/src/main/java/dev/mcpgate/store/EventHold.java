package dev.mcpgate.store;

import dev.mcpgate.event.McpEvent;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The store's bounded hold: the events accepted and not yet written, at most {@code capacity}.
 * The dispatcher adds without ever waiting on the database; the writer takes a chunk from the head,
 * and removes it (or the part of it that was settled) once written, so that a failed write keeps
 * its events at the head, in order, for the retry.
 */
final class EventHold {

    private final int capacity;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition drained = lock.newCondition();
    private final ArrayDeque<McpEvent> events = new ArrayDeque<>();
    private boolean closed;
    private boolean writing;

    EventHold(int capacity) {
        this.capacity = capacity;
    }

    /** Holds what fits; returns how many events did not (the hold is full, or closed). */
    int add(List<McpEvent> batch) {
        lock.lock();
        try {
            int room = closed ? 0 : Math.max(0, capacity - events.size());
            int taken = Math.min(room, batch.size());
            for (int i = 0; i < taken; i++) {
                events.addLast(batch.get(i));
            }
            return batch.size() - taken;
        } finally {
            lock.unlock();
        }
    }

    /** A copy of the first {@code max} events (empty when there are none), which stay held until {@link #settle}. */
    List<McpEvent> take(int max) {
        lock.lock();
        try {
            List<McpEvent> chunk = new ArrayList<>(Math.min(max, events.size()));
            for (McpEvent event : events) {
                if (chunk.size() == max) {
                    break;
                }
                chunk.add(event);
            }
            writing = !chunk.isEmpty();
            return chunk;
        } finally {
            lock.unlock();
        }
    }

    /** The first {@code count} events of the chunk taken last are written (or set aside): they leave the hold. */
    void settle(int count) {
        lock.lock();
        try {
            writing = false;
            for (int i = 0; i < count; i++) {
                events.pollFirst();
            }
            if (events.isEmpty()) {
                drained.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    int size() {
        lock.lock();
        try {
            return events.size();
        } finally {
            lock.unlock();
        }
    }

    /** Waits until nothing is held and no chunk is being written (or the timeout passes); returns whether so. */
    boolean awaitDrained(Duration timeout) throws InterruptedException {
        long nanos = timeout.toNanos();
        lock.lock();
        try {
            while ((!events.isEmpty() || writing) && nanos > 0) {
                nanos = drained.awaitNanos(nanos);
            }
            return events.isEmpty() && !writing;
        } finally {
            lock.unlock();
        }
    }

    /** From now on every event offered is refused (the sink is closing). */
    void refuseNew() {
        lock.lock();
        try {
            closed = true;
        } finally {
            lock.unlock();
        }
    }

    /** Empties the hold; returns how many events it still held. */
    int clear() {
        lock.lock();
        try {
            int left = events.size();
            events.clear();
            drained.signalAll();
            return left;
        } finally {
            lock.unlock();
        }
    }
}
