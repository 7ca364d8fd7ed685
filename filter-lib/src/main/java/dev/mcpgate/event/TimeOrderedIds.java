package dev.mcpgate.event;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Identifiers that sort by creation time: UUID version 7 (RFC 9562), 48 bits of Unix milliseconds
 * followed by random bits. Rows keyed by them are inserted in index order. Not for secrets: the
 * random part comes from {@link ThreadLocalRandom}.
 */
public final class TimeOrderedIds {

    private TimeOrderedIds() {
    }

    /** A new version-7 UUID in its canonical text form. */
    public static String next() {
        return next(System.currentTimeMillis()).toString();
    }

    /**
     * A new version-7 UUID in its canonical text form, for something that happened at
     * {@code epochMillis}: how the dispatcher renders a request's id off the request thread.
     */
    public static String at(long epochMillis) {
        return next(epochMillis).toString();
    }

    static UUID next(long epochMillis) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (epochMillis << 16) | 0x7000L | (random.nextLong() & 0x0FFFL);
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low);
    }
}
