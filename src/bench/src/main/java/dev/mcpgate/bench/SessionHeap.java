package dev.mcpgate.bench;

import dev.mcpgate.protocol.ClientIdentity;
import dev.mcpgate.protocol.Era;
import dev.mcpgate.session.InMemorySessionStore;
import dev.mcpgate.session.TrackedSession;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.UUID;

/**
 * Retained heap per idle tracked session, in its own JVM: the filter's session tracking driven
 * directly in-process — an {@link InMemorySessionStore} (the filter's default store) filled with
 * {@code N} {@link TrackedSession}s as the filter builds them from an {@code initialize} answer
 * (UUID session id string as the SDK mints it, one shared client identity, protocol version
 * literal, no principal) — heap used after GC before and after, from {@link MemoryMXBean}. The id
 * string is counted (the filter keeps it); the server's own session state is not. Prints
 * {@code SESSION_HEAP_BYTES <bytes per session>}.
 */
public final class SessionHeap {

    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args.length > 0 ? args[0] : "100000");
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        ClientIdentity client = ClientIdentity.of("mcpgate-bench", "1.0.0");
        String version = "2025-06-18";
        InMemorySessionStore store = new InMemorySessionStore(n + 1);
        // warm the classes and the map's code paths, then forget
        InMemorySessionStore warm = new InMemorySessionStore(1000);
        for (int i = 0; i < 1000; i++) {
            warm.save(new TrackedSession(UUID.randomUUID().toString(), Era.LEGACY, version, client, null, i));
        }
        warm = null;
        long before = usedAfterGc(memory);
        long now = System.currentTimeMillis();
        for (int i = 0; i < n; i++) {
            store.save(new TrackedSession(UUID.randomUUID().toString(), Era.LEGACY, version, client, null, now));
        }
        long after = usedAfterGc(memory);
        if (store.size() != n) {
            throw new IllegalStateException("store holds " + store.size() + " sessions, expected " + n);
        }
        System.out.println("SESSION_HEAP_BYTES " + (after - before) / n + " " + n + " " + (after - before));
        System.out.println("keep " + store.size() + (warm == null ? "" : "x"));
    }

    /** The heap in use after collecting garbage: the least of five collections, 100 ms apart. */
    static long usedAfterGc(MemoryMXBean memory) throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(100);
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
