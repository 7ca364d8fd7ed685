package dev.mcpgate.event;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;
import java.util.Objects;

/**
 * A bounded, lock-free queue for many producers and one consumer at a time: the request threads
 * offer, the dispatcher drains. An offer never blocks and never waits for the consumer; when every
 * slot is taken it fails at once. Written here rather than taken from JCTools: it is the one queue
 * the filter needs, and small enough to check by reading.
 *
 * <p>A ring of {@code capacity} slots, each with a sequence number (D. Vyukov's bounded queue):
 * slot {@code p % capacity} is free for the producer of position {@code p} when its sequence is
 * {@code p}, and holds that producer's element when it is {@code p + 1}; the consumer sets it to
 * {@code p + capacity} when it takes the element, freeing it for the next lap. Producers claim a
 * position with one compare-and-set on the tail; the element is published by the release-store of
 * the sequence, which the consumer reads with acquire. The capacity is exact (no rounding up to a
 * power of two), since it is a setting the operator chose.
 *
 * <p>The consumer side ({@link #poll}, {@link #drainTo}) must not run on two threads at once; the
 * dispatcher's lock sees to that (and orders one drain after the previous one). An element whose
 * producer has claimed its slot but not yet published it ends a drain early: it and the elements
 * behind it are taken by the next one. {@link #size} may be read from any thread; it is exact only
 * when no offer or drain is under way.
 */
final class BoundedMpscQueue<E> {

    private static final VarHandle TAIL;
    private static final VarHandle HEAD;
    private static final VarHandle SEQUENCE = MethodHandles.arrayElementVarHandle(long[].class);

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            TAIL = lookup.findVarHandle(BoundedMpscQueue.class, "tail", long.class);
            HEAD = lookup.findVarHandle(BoundedMpscQueue.class, "head", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final int capacity;
    private final long[] sequences;
    private final Object[] elements;
    /** The next position a producer claims; only ever advanced by compare-and-set. */
    @SuppressWarnings("unused") // through TAIL
    private volatile long tail;
    /** The next position the consumer takes; written by the consumer only. */
    @SuppressWarnings("unused") // through HEAD
    private volatile long head;

    /** @throws IllegalArgumentException when {@code capacity} is less than 1 */
    BoundedMpscQueue(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
        }
        this.capacity = capacity;
        this.sequences = new long[capacity];
        this.elements = new Object[capacity];
        for (int i = 0; i < capacity; i++) {
            sequences[i] = i;
        }
        VarHandle.releaseFence(); // the initial sequences are seen by every producer thread
    }

    /** Adds {@code element} when a slot is free; {@code false} when the queue is full. Never blocks. */
    boolean offer(E element) {
        Objects.requireNonNull(element, "element");
        long position = (long) TAIL.getVolatile(this);
        while (true) {
            int slot = slot(position);
            long sequence = (long) SEQUENCE.getAcquire(sequences, slot);
            long lag = sequence - position;
            if (lag == 0) {
                if (TAIL.compareAndSet(this, position, position + 1)) {
                    elements[slot] = element;
                    SEQUENCE.setRelease(sequences, slot, position + 1);
                    return true;
                }
                position = (long) TAIL.getVolatile(this);
            } else if (lag < 0) {
                return false; // the slot still holds the element of the previous lap: full
            } else {
                position = (long) TAIL.getVolatile(this); // another producer took this position
            }
        }
    }

    /** The oldest published element, or {@code null}. Consumer only. */
    @SuppressWarnings("unchecked")
    E poll() {
        long position = (long) HEAD.getOpaque(this);
        int slot = slot(position);
        if ((long) SEQUENCE.getAcquire(sequences, slot) != position + 1) {
            return null; // empty, or its producer has not published yet
        }
        E element = (E) elements[slot];
        elements[slot] = null;
        SEQUENCE.setRelease(sequences, slot, position + capacity);
        HEAD.setRelease(this, position + 1);
        return element;
    }

    /** Moves up to {@code max} elements, oldest first, into {@code into}; returns how many. Consumer only. */
    int drainTo(List<? super E> into, int max) {
        int moved = 0;
        while (moved < max) {
            E element = poll();
            if (element == null) {
                break;
            }
            into.add(element);
            moved++;
        }
        return moved;
    }

    /** Elements offered and not yet taken, between 0 and the capacity. */
    int size() {
        long taken = (long) HEAD.getVolatile(this);
        long claimed = (long) TAIL.getVolatile(this);
        return (int) Math.max(0, Math.min(capacity, claimed - taken));
    }

    int capacity() {
        return capacity;
    }

    private int slot(long position) {
        return (int) (position % capacity);
    }
}
