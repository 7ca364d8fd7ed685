package dev.mcpgate.bridge;

import static dev.mcpgate.bridge.ModernAnswerReader.JSON;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A legacy client's GET stream, fed from a 2026-07-28 {@code subscriptions/listen}: the list changes the
 * server announces and the updates of the resources the session subscribed to, each without the
 * subscription id, after the server's acknowledgement (which the client does not see). When the session's
 * subscriptions change, the listen is opened again with the new set on the same client stream; when the
 * server ends the listen, the GET stream ends. A comment line every {@value #KEEP_ALIVE_SECONDS} s notices a
 * client that went away.
 */
final class ListenStream implements AutoCloseable {

    static final long KEEP_ALIVE_SECONDS = 15;

    private final BridgeUpstream upstream;
    private final MintedSession session;
    private final String authorization;
    private final Runnable onListChanged;
    private final ClientAnswer.SseSink sink;
    private volatile UpstreamAnswer current;
    private volatile boolean closed;
    private ScheduledFuture<?> keepAlive;

    private ListenStream(BridgeUpstream upstream, MintedSession session, String authorization,
            Runnable onListChanged, ClientAnswer.SseSink sink) {
        this.upstream = upstream;
        this.session = session;
        this.authorization = authorization;
        this.onListChanged = onListChanged;
        this.sink = sink;
    }

    /**
     * Serves one GET: 405 when the server offers no subscriptions (its listen is refused), else the stream
     * until the client, the session or the server ends it.
     */
    static void serve(BridgeUpstream upstream, MintedSession session, String authorization, Runnable onListChanged,
            ScheduledExecutorService scheduler, ClientAnswer answer) throws IOException, InterruptedException {
        int version = session.subscriptionsVersion();
        UpstreamAnswer first = upstream.send(listen(session, authorization));
        if (first.status() != 200 || !"text/event-stream".equals(first.mediaType())) {
            first.close();
            answer.empty(405, Map.of("Allow", "POST, DELETE"));
            return;
        }
        ClientAnswer.SseSink sink;
        try {
            sink = answer.sse(200, Map.of());
        } catch (IOException | RuntimeException e) {
            first.close();
            throw e;
        }
        new ListenStream(upstream, session, authorization, onListChanged, sink).run(first, version, scheduler);
    }

    private void run(UpstreamAnswer first, int firstVersion, ScheduledExecutorService scheduler)
            throws InterruptedException {
        session.opened(this);
        if (scheduler != null) {
            keepAlive = scheduler.scheduleWithFixedDelay(this::keepAlive, KEEP_ALIVE_SECONDS, KEEP_ALIVE_SECONDS,
                    TimeUnit.SECONDS);
        }
        try {
            UpstreamAnswer answer = first;
            int version = firstVersion;
            while (answer != null && !closed && !session.ended()) { // a DELETE may have come meanwhile
                current = answer;
                boolean serverEnded = relay(answer);
                answer.close();
                if (serverEnded || closed || session.ended() || !sink.open()
                        || version == session.subscriptionsVersion()) {
                    break;
                }
                version = session.subscriptionsVersion();
                answer = reopen();
            }
            if (answer != null) {
                answer.close();
            }
        } finally {
            close();
        }
    }

    /** Relays one listen; true when the server ended it (its response came, or its stream ended cleanly). */
    private boolean relay(UpstreamAnswer answer) {
        try {
            ModernAnswerReader messages = new ModernAnswerReader(answer);
            for (JsonObject m = messages.next(); m != null; m = messages.next()) {
                if (LegacyMessages.isResponse(m)) {
                    return true;
                }
                String method = m.getString("method", "");
                if (m.containsKey("id") || "notifications/subscriptions/acknowledged".equals(method)) {
                    continue;
                }
                if (method.endsWith("/list_changed")) {
                    onListChanged.run();
                }
                synchronized (sink) {
                    sink.message(null, LegacyMessages.notification(m));
                }
            }
            return true;
        } catch (IOException e) {
            return false; // closed for a resubscription, or the connection dropped
        }
    }

    private UpstreamAnswer reopen() throws InterruptedException {
        try {
            UpstreamAnswer answer = upstream.send(listen(session, authorization));
            if (answer.status() == 200 && "text/event-stream".equals(answer.mediaType())) {
                return answer;
            }
            answer.close();
        } catch (IOException e) {
            // the GET stream ends; the client opens a new one
        }
        return null;
    }

    private static UpstreamCall listen(MintedSession session, String authorization) {
        JsonArrayBuilder uris = JSON.createArrayBuilder();
        session.subscriptions().forEach(uris::add);
        JsonObject params = JSON.createObjectBuilder().add("notifications", JSON.createObjectBuilder()
                .add("toolsListChanged", true).add("promptsListChanged", true).add("resourcesListChanged", true)
                .add("resourceSubscriptions", uris)).build();
        JsonValue id = JSON.createValue(session.nextRequestId("listen"));
        return ModernRequests.request(id, "subscriptions/listen", params,
                ModernRequests.Caller.of(session, authorization), Map.of());
    }

    /** The session's subscriptions changed: the current listen is closed, and opened again with the new set. */
    void resubscribe() {
        UpstreamAnswer answer = current;
        if (answer != null) {
            answer.close();
        }
    }

    private void keepAlive() {
        try {
            synchronized (sink) {
                sink.keepAlive();
            }
        } catch (IOException | RuntimeException e) {
            close();
        }
    }

    @Override
    public void close() {
        closed = true;
        if (keepAlive != null) {
            keepAlive.cancel(false);
        }
        UpstreamAnswer answer = current;
        if (answer != null) {
            answer.close();
        }
        session.closed(this);
        synchronized (sink) {
            sink.close();
        }
    }
}
