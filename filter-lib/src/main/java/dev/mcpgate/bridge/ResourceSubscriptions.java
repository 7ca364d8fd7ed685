package dev.mcpgate.bridge;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The legacy {@code resources/subscribe} / {@code resources/unsubscribe} a pooled session needs so that its
 * server sends {@code notifications/resources/updated} for the URIs 2026-07-28 listeners asked for. Several
 * listens share one pooled session, so each URI of a session is counted: subscribed upstream by its first
 * listener, unsubscribed when its last one leaves.
 */
final class ResourceSubscriptions {

    private static final Logger LOG = System.getLogger(ResourceSubscriptions.class.getName());

    private final Map<Key, Count> counts = new ConcurrentHashMap<>();

    private record Key(String sessionId, String uri) {
    }

    /** Listeners of one URI on one session; {@code gone} once removed from the map (then take a new one). */
    private static final class Count {
        int listeners;
        boolean subscribed;
        boolean gone;
    }

    /**
     * Subscribes each URI on the session (upstream only for its first listener) and returns those the server
     * took; the caller must {@link #release} exactly these.
     */
    Set<String> acquire(LegacySessionCalls calls, Set<String> uris) throws InterruptedException {
        Set<String> taken = new LinkedHashSet<>();
        for (String uri : uris) {
            if (acquire(calls, uri)) {
                taken.add(uri);
            }
        }
        return taken;
    }

    private boolean acquire(LegacySessionCalls calls, String uri) throws InterruptedException {
        Key key = new Key(calls.session().sessionId(), uri);
        while (true) {
            Count count = counts.computeIfAbsent(key, k -> new Count());
            synchronized (count) {
                if (count.gone) {
                    continue;
                }
                if (count.listeners == 0) {
                    count.subscribed = call(calls, "resources/subscribe", uri);
                }
                if (!count.subscribed) {
                    forget(key, count);
                    return false;
                }
                count.listeners++;
                return true;
            }
        }
    }

    /** Ends this listener's interest in the URIs; the last listener of a URI unsubscribes it upstream. */
    void release(LegacySessionCalls calls, Set<String> uris) throws InterruptedException {
        for (String uri : uris) {
            Key key = new Key(calls.session().sessionId(), uri);
            Count count = counts.get(key);
            if (count == null) {
                continue;
            }
            synchronized (count) {
                if (!count.gone && --count.listeners == 0) {
                    forget(key, count);
                    call(calls, "resources/unsubscribe", uri);
                }
            }
        }
    }

    private void forget(Key key, Count count) {
        count.gone = true;
        counts.remove(key, count);
    }

    /** Whether the server answered the call with a result (an error, a failure: no). */
    private static boolean call(LegacySessionCalls calls, String method, String uri) throws InterruptedException {
        try {
            JsonObject response = calls.request(method, Json.createObjectBuilder().add("uri", uri).build());
            if (response.containsKey("result")) {
                return true;
            }
            LOG.log(Level.DEBUG, () -> method + " " + uri + " refused: " + response.get("error"));
        } catch (IOException e) {
            LOG.log(Level.DEBUG, () -> method + " " + uri + " failed: " + e.getMessage());
        }
        return false;
    }
}
