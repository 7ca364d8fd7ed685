package dev.mcpgate.bridge;

import dev.mcpgate.protocol.JsonRpcErrors;
import dev.mcpgate.protocol.McpMethod;
import dev.mcpgate.protocol.SseListener;
import dev.mcpgate.protocol.SseParser;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The GET stream of one pooled legacy session, shared by every {@code subscriptions/listen} served from that
 * session. A legacy server keeps one standalone stream per session (the MCP Java SDK 2.1.0 replaces the
 * previous one when a second GET arrives, and must not send a message on two streams anyway), so the relay
 * opens one GET per session and fans its notifications out to the listeners' {@link Subscriber} queues.
 *
 * <p>Its own daemon thread opens the GET and reads it: the SDK 2.1.0 sends the GET's head only with the
 * first event, so waiting for the head on a bridge thread could take until the first change. A head that
 * times out is that quiet stream: the GET is sent again. Requests the server sends on the stream are answered
 * here ({@code ping}) or refused with an error (a listener cannot answer one). When the stream ends and the
 * server announced resumption (a priming event or a {@code retry} field, 2025-11-25), the GET is sent once
 * more with {@code Last-Event-ID}; otherwise, or when that fails, the feed ends and every listener ends
 * its listen with the graceful result. The last listener to leave ends the feed (and the GET).
 */
final class SessionFeed implements Runnable {

    /** How the GET went, as far as a listen waiting for it cares. */
    enum Opening { PENDING, OPEN, NO_STREAM, SESSION_GONE, FAILED }

    private static final Logger LOG = System.getLogger(SessionFeed.class.getName());
    private static final AtomicLong THREADS = new AtomicLong();
    /** The longest wait before a resuming GET, whatever {@code retry} the server asked for. */
    private static final long MAX_RETRY_MILLIS = 10_000;

    private final BridgeUpstream upstream;
    private final LegacySessionCalls calls;
    private final Consumer<SessionFeed> onEnd;
    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Opening> opening = new CompletableFuture<>();
    private final Object lock = new Object();
    /** Guarded by {@link #lock}. */
    private Thread reader;
    private UpstreamAnswer current;
    private boolean ended;

    /** The reader thread's own. */
    private volatile String failure = "";
    private String lastEventId;
    private boolean resumable;
    private long retryMillis;
    private boolean delivered;
    private final List<JsonObject> pending = new ArrayList<>();

    SessionFeed(BridgeUpstream upstream, LegacySessionCalls calls, Consumer<SessionFeed> onEnd) {
        this.upstream = upstream;
        this.calls = calls;
        this.onEnd = onEnd;
    }

    String sessionId() {
        return calls.session().sessionId();
    }

    /** Adds a listener, starting the GET for the first one; false when the feed has ended (take a new one). */
    boolean join(Subscriber subscriber) {
        synchronized (lock) {
            if (ended) {
                return false;
            }
            subscribers.add(subscriber);
            if (reader == null) {
                reader = new Thread(this, "mcpgate-bridge-listen-" + THREADS.incrementAndGet());
                reader.setDaemon(true);
                reader.start();
            }
            return true;
        }
    }

    /** Removes a listener; the last one ends the feed. */
    void leave(Subscriber subscriber) {
        boolean last;
        synchronized (lock) {
            last = subscribers.remove(subscriber) && subscribers.isEmpty();
        }
        if (last) {
            shutdown();
        }
    }

    boolean isEnded() {
        synchronized (lock) {
            return ended;
        }
    }

    /**
     * Ends the feed from any thread: the GET is closed, and listeners still joined get their end (the relay is
     * closing) once the reader thread has stopped.
     */
    void shutdown() {
        UpstreamAnswer answer;
        Thread thread;
        synchronized (lock) {
            ended = true;
            answer = current;
            thread = reader;
            lock.notifyAll();
        }
        if (answer != null) {
            answer.close();
        }
        if (thread != null && thread != Thread.currentThread()) {
            thread.interrupt();
        }
    }

    /** How the first GET went, waiting for it at most {@code wait}; {@link Opening#PENDING} if still unknown. */
    Opening awaitOpening(Duration wait) throws InterruptedException {
        try {
            return opening.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException stillWaiting) {
            return Opening.PENDING;
        } catch (ExecutionException impossible) {
            return Opening.FAILED;
        }
    }

    /** Why the GET failed, for the error a listen answers. */
    String failure() {
        return failure;
    }

    @Override
    public void run() {
        try {
            stream();
        } catch (InterruptedException stopped) {
            LOG.log(Level.DEBUG, () -> "listen feed of session " + sessionId() + " stopped");
        } catch (RuntimeException e) {
            failure = e.toString();
            LOG.log(Level.WARNING, "listen feed of session " + sessionId() + " failed", e);
        } finally {
            finish();
        }
    }

    /** Opens the GET and reads it, resuming once per break when the server allows it. */
    private void stream() throws InterruptedException {
        boolean resuming = false;
        while (!isEnded()) {
            UpstreamAnswer answer;
            try {
                answer = upstream.send(calls.openStream(resuming ? lastEventId : null));
            } catch (IOException e) {
                if (isQuietStream(e)) {
                    continue; // no event yet, so no head yet (SDK 2.1.0): ask again
                }
                fail(Opening.FAILED, "the GET failed: " + e.getMessage());
                return;
            }
            Opening outcome = classify(answer);
            if (outcome != Opening.OPEN) {
                answer.close();
                fail(outcome, "the GET was answered HTTP " + answer.status() + " " + answer.mediaType());
                return;
            }
            if (!hold(answer)) {
                return;
            }
            opening.complete(Opening.OPEN);
            delivered = false;
            pump(answer);
            release(answer);
            if (!resumable || lastEventId == null || resuming && !delivered) {
                return; // not resumable, or a resumed stream that ended with nothing: end the listens
            }
            resuming = true;
            pause(Math.min(retryMillis, MAX_RETRY_MILLIS));
        }
    }

    private static Opening classify(UpstreamAnswer answer) {
        return switch (answer.status()) {
            case 200 -> "text/event-stream".equals(answer.mediaType()) ? Opening.OPEN : Opening.FAILED;
            case 404 -> Opening.SESSION_GONE;
            case 405 -> Opening.NO_STREAM;
            default -> Opening.FAILED;
        };
    }

    /** A head that did not come in time (not a connection that could not be made). */
    private static boolean isQuietStream(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof HttpConnectTimeoutException) {
                return false;
            }
            if (t instanceof HttpTimeoutException || t instanceof InterruptedIOException) {
                return true;
            }
        }
        return false;
    }

    private void fail(Opening outcome, String why) {
        failure = why;
        opening.complete(outcome);
        LOG.log(Level.DEBUG, () -> "listen feed of session " + sessionId() + ": " + why);
    }

    private boolean hold(UpstreamAnswer answer) {
        synchronized (lock) {
            if (!ended) {
                current = answer;
                return true;
            }
        }
        answer.close();
        return false;
    }

    private void release(UpstreamAnswer answer) {
        synchronized (lock) {
            current = null;
        }
        answer.close();
    }

    private void pause(long millis) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        synchronized (lock) {
            long left;
            while (!ended && (left = TimeUnit.NANOSECONDS.toMillis(until - System.nanoTime())) > 0) {
                lock.wait(left);
            }
        }
    }

    /** Reads the stream until it ends (or is closed) and hands its messages on. */
    private void pump(UpstreamAnswer answer) throws InterruptedException {
        SseParser parser = new SseParser(LegacySessionCalls.MAX_EVENT_BYTES, new SseListener() {
            @Override
            public void onEvent(String id, String event, String data) {
                lastEventId = id;
                if (data.isEmpty()) {
                    resumable |= id != null; // a priming event (2025-11-25): the server resumes this stream
                    return;
                }
                JsonObject message = LegacySessionCalls.parse(data);
                if (message != null) {
                    pending.add(message);
                }
            }

            @Override
            public void onRetry(long millis) {
                resumable = true;
                retryMillis = millis;
            }
        });
        byte[] buffer = new byte[8192];
        try {
            InputStream body = answer.body();
            int read;
            while ((read = body.read(buffer)) >= 0) {
                parser.feed(buffer, 0, read);
                handOn();
            }
        } catch (IOException endedOrClosed) {
            LOG.log(Level.DEBUG, () -> "GET stream of session " + sessionId() + " ended: " + endedOrClosed);
        }
    }

    private void handOn() throws InterruptedException {
        for (JsonObject message : pending) {
            delivered = true;
            if (!message.containsKey("method")) {
                continue; // a response: the GET carries none that a listener is owed
            }
            if (message.containsKey("id")) {
                answerServerRequest(message);
            } else {
                subscribers.forEach(subscriber -> subscriber.offer(message));
            }
        }
        pending.clear();
    }

    /** A request of the server on the GET stream: {@code ping} is answered, anything else refused. */
    private void answerServerRequest(JsonObject request) throws InterruptedException {
        String method = request.getString("method", "");
        JsonValue id = request.get("id");
        try {
            if (McpMethod.of(method) == McpMethod.PING) {
                calls.reply(id, JsonValue.EMPTY_JSON_OBJECT, false);
            } else {
                calls.reply(id, Json.createObjectBuilder().add("code", JsonRpcErrors.METHOD_NOT_FOUND)
                        .add("message", "The MCP gateway's era bridge cannot answer " + method + " on a"
                                + " subscriptions/listen stream: a 2026-07-28 client answers server requests only"
                                + " within its own requests")
                        .build(), true);
            }
        } catch (IOException e) {
            LOG.log(Level.DEBUG, () -> "answering " + method + " of session " + sessionId() + " failed: " + e);
        }
    }

    /** After the reader stopped: every listener still joined ends its listen; the relay forgets the feed. */
    private void finish() {
        List<Subscriber> left;
        synchronized (lock) {
            ended = true;
            current = null;
            left = List.copyOf(subscribers);
            subscribers.clear();
        }
        if (failure.isEmpty()) {
            failure = "the stream was closed before it opened";
        }
        opening.complete(Opening.FAILED);
        left.forEach(Subscriber::end);
        onEnd.accept(this);
    }

    /** One listen's queue of the feed's notifications, then its end. */
    static final class Subscriber {

        /** The marker of the feed's end (compared by identity). */
        static final JsonObject END = Json.createObjectBuilder().build();
        private static final int CAPACITY = 1024;

        private final BlockingQueue<JsonObject> queue = new LinkedBlockingQueue<>(CAPACITY);

        void offer(JsonObject notification) {
            if (!queue.offer(notification)) {
                LOG.log(Level.WARNING, "a subscriptions/listen client reads too slowly: a notification was dropped");
            }
        }

        void end() {
            if (!queue.offer(END)) {
                queue.clear(); // the marker must fit: a client this slow loses the rest
                queue.offer(END);
            }
        }

        /** The next notification or {@link #END}; {@code null} when none came within {@code wait}. */
        JsonObject next(Duration wait) throws InterruptedException {
            return queue.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        }
    }
}
