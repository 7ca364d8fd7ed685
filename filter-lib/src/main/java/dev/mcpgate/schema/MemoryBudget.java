package dev.mcpgate.schema;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes the catalogue history of one endpoint may hold at once ({@code schema-max-memory}):
 * captures waiting for the tracker and the pages of open paginations share it. A request thread
 * reserves a capture's bytes before handing it over; the tracker's thread hands the reservation on
 * to the pagination the page joins, or gives it back once the capture is processed. Lock-free: a
 * reservation that does not fit is refused, never waited for.
 *
 * <p>Sizes are the answers' bytes on the wire plus a fixed overhead per entry, and that is what is
 * held: open paginations keep their pages' raw bytes and parse them once the list is complete (a
 * parsed page takes about fifteen times its bytes on the heap); a list held for a retry keeps its
 * canonical text (counted at two bytes a character).
 */
final class MemoryBudget {

    private final long limit;
    private final AtomicLong used = new AtomicLong();

    MemoryBudget(long limit) {
        this.limit = limit;
    }

    /** Reserves {@code bytes}; false (and nothing reserved) when they do not fit. */
    boolean reserve(long bytes) {
        while (true) {
            long now = used.get();
            if (now + bytes > limit) {
                return false;
            }
            if (used.compareAndSet(now, now + bytes)) {
                return true;
            }
        }
    }

    /** Gives back what {@link #reserve} took. */
    void release(long bytes) {
        used.addAndGet(-bytes);
    }

    /** Bytes reserved now. */
    long used() {
        return used.get();
    }

    /** The budget. */
    long limit() {
        return limit;
    }
}
