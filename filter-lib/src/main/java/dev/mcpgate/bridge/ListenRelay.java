package dev.mcpgate.bridge;

import dev.mcpgate.protocol.JsonRpcErrors;
import dev.mcpgate.protocol.McpMethod;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Serves a 2026-07-28 client's {@code subscriptions/listen} from the GET stream of a pooled legacy session
 * (modern client, legacy server). One per endpoint, thread-safe; {@link #listen} blocks its bridge thread for
 * as long as the listen lasts.
 *
 * <p>What the client gets, on an SSE answer ({@code X-Accel-Buffering: no}):
 * <ol>
 *   <li>{@code notifications/subscriptions/acknowledged} first, its {@code notifications} the part of the
 *       client's filter the legacy server can honour: a list's changes when its initialize announced
 *       {@code listChanged} for that list, the resource URIs its {@code resources/subscribe} accepted (sent on
 *       the session for the first listener of a URI, unsubscribed after the last);</li>
 *   <li>each {@code notifications/tools|prompts|resources/list_changed} and {@code notifications/resources/updated}
 *       of the session's GET stream that the filter admits, with
 *       {@code _meta["io.modelcontextprotocol/subscriptionId"]} = the listen's JSON-RPC id; nothing else
 *       (log messages and progress are request-scoped in 2026-07-28, and not asked for);</li>
 *   <li>an SSE comment every {@value #KEEP_ALIVE_SECONDS} s of quiet;</li>
 *   <li>the listen's result ({@code resultType: "complete"} and the subscription id) when the upstream ends
 *       the stream (after one resumption with {@code Last-Event-ID} when the server offers resumption), when
 *       the server has no GET stream (405: right after an empty acknowledgement), or when the relay closes.</li>
 * </ol>
 * The listen ends without a result when the client goes. Every list change, admitted or not, runs the
 * caller's {@code onListChanged} (the server/discover cache is refreshed with it).
 *
 * <p>Answered as errors, before any stream: a listen without a valid {@code notifications} filter (HTTP 400,
 * -32602), a GET the upstream failed (HTTP 502, -32603). A 404 for the GET means the server forgot the
 * session: {@link UpstreamSessionGone} is thrown for the caller to renew it.
 */
public final class ListenRelay implements AutoCloseable {

    static final long KEEP_ALIVE_SECONDS = 15;
    /**
     * How long a listen waits for the GET's head before it acknowledges anyway: SDK 2.1.0 sends the head only with
     * its first event, so most listens wait this long, and 2026-07-28 clients expect the acknowledgement at once
     * (the conformance suite's server-stateless scenario waits 800 ms). A refusal (404, 405) or failure of the
     * GET comes within milliseconds on the loopback.
     */
    static final Duration HEAD_WAIT = Duration.ofMillis(250);
    /** How often a quiet listen looks whether its client is still there (between keep-alives). */
    static final Duration CLIENT_CHECK = Duration.ofMillis(500);
    private static final int INVALID_PARAMS = -32602;
    private static final Logger LOG = System.getLogger(ListenRelay.class.getName());

    private final BridgeUpstream upstream;
    private final Duration keepAlive;
    private final Duration headWait;
    private final Map<String, SessionFeed> feeds = new ConcurrentHashMap<>();
    private final ResourceSubscriptions subscriptions = new ResourceSubscriptions();
    private volatile boolean closed;

    public ListenRelay(BridgeUpstream upstream, BridgeSettings settings) {
        this(upstream, settings, Duration.ofSeconds(KEEP_ALIVE_SECONDS), HEAD_WAIT);
    }

    /** With other pacing, for tests. */
    ListenRelay(BridgeUpstream upstream, BridgeSettings settings, Duration keepAlive, Duration headWait) {
        this.upstream = Objects.requireNonNull(upstream, "upstream");
        Objects.requireNonNull(settings, "settings");
        this.keepAlive = keepAlive;
        this.headWait = headWait.compareTo(settings.upstreamTimeout()) < 0 ? headWait : settings.upstreamTimeout();
    }

    /**
     * Serves one {@code subscriptions/listen} (its {@code _meta} already checked by the caller) until the
     * client goes or the upstream ends the stream.
     *
     * @param session the pooled legacy session of the client's key
     * @param onListChanged run on this thread for every list change the upstream announces
     * @throws UpstreamSessionGone when the server answered the GET with 404 (nothing was written)
     * @throws InterruptedException when the bridge thread is interrupted (the listen was ended with its result)
     */
    public void listen(ClientCall call, ClientAnswer answer, UpstreamSession session, Runnable onListChanged)
            throws IOException, InterruptedException {
        JsonObject request = call.message()
                .orElseThrow(() -> new IllegalArgumentException("subscriptions/listen is a POST with a message"));
        JsonValue id = request.getOrDefault("id", JsonValue.NULL);
        ListenFilter asked;
        try {
            asked = ListenFilter.parse(request.get("params") instanceof JsonObject params ? params : null);
        } catch (IllegalArgumentException e) {
            answer.json(400, LegacyMessages.error(id, INVALID_PARAMS, e.getMessage()), Map.of());
            return;
        }
        if (closed) {
            answer.json(503, LegacyMessages.error(id, JsonRpcErrors.INTERNAL_ERROR, "The MCP gateway's bridge is closing"), Map.of());
            return;
        }
        LegacySessionCalls calls = new LegacySessionCalls(upstream, session, call.authorization().orElse(null));
        SessionFeed.Subscriber subscriber = new SessionFeed.Subscriber();
        SessionFeed feed = join(calls, subscriber);
        try {
            serve(new Listen(id, session, answer, subscriber, onListChanged), asked, calls, feed);
        } finally {
            feed.leave(subscriber);
        }
    }

    /** One listen under way. */
    private record Listen(JsonValue id, UpstreamSession session, ClientAnswer answer, SessionFeed.Subscriber subscriber,
            Runnable onListChanged) {
    }

    private SessionFeed join(LegacySessionCalls calls, SessionFeed.Subscriber subscriber) {
        while (true) {
            SessionFeed feed = feeds.compute(calls.session().sessionId(),
                    (sessionId, known) -> known == null || known.isEnded()
                            ? new SessionFeed(upstream, calls, this::forget) : known);
            if (feed.join(subscriber)) {
                return feed;
            }
        }
    }

    private void forget(SessionFeed feed) {
        feeds.remove(feed.sessionId(), feed);
    }

    private void serve(Listen listen, ListenFilter asked, LegacySessionCalls calls, SessionFeed feed)
            throws IOException, InterruptedException {
        SessionFeed.Opening opening = feed.awaitOpening(headWait);
        if (opening == SessionFeed.Opening.SESSION_GONE) {
            throw new UpstreamSessionGone(listen.session());
        }
        if (opening == SessionFeed.Opening.FAILED) {
            listen.answer().json(502, LegacyMessages.error(listen.id(), JsonRpcErrors.INTERNAL_ERROR,
                    "The upstream MCP server did not open the session's stream: " + feed.failure()), Map.of());
            return;
        }
        ListenFilter offered = opening == SessionFeed.Opening.NO_STREAM ? ListenFilter.NONE
                : asked.honouredBy(capabilities(listen.session()));
        Set<String> uris = subscriptions.acquire(calls, offered.resourceSubscriptions());
        try (ClientAnswer.SseSink sink = listen.answer().sse(200, Map.of("X-Accel-Buffering", "no"))) {
            ListenFilter honoured = offered.withResourceSubscriptions(uris);
            sink.message(null, acknowledged(listen.id(), honoured));
            if (opening == SessionFeed.Opening.NO_STREAM) {
                sink.message(null, closing(listen));
            } else {
                relay(listen, sink, honoured);
            }
        } catch (IOException clientGone) {
            LOG.log(Level.DEBUG, () -> "a subscriptions/listen client went: " + clientGone);
        } finally {
            subscriptions.release(calls, uris);
        }
    }

    /** Hands the feed's notifications on until the feed ends or the client goes. */
    private void relay(Listen listen, ClientAnswer.SseSink sink, ListenFilter honoured)
            throws IOException, InterruptedException {
        Duration pollSlice = keepAlive.compareTo(CLIENT_CHECK) < 0 ? keepAlive : CLIENT_CHECK;
        long lastWrite = System.nanoTime();
        while (sink.open()) {
            JsonObject notification;
            try {
                notification = listen.subscriber().next(pollSlice);
            } catch (InterruptedException stopping) {
                endQuietly(sink, listen);
                throw stopping;
            }
            if (notification == null) {
                if (System.nanoTime() - lastWrite >= keepAlive.toNanos()) {
                    sink.keepAlive();
                    lastWrite = System.nanoTime();
                }
            } else if (notification == SessionFeed.Subscriber.END) {
                sink.message(null, closing(listen));
                return;
            } else {
                if (McpMethod.of(notification.getString("method", null)).isListChangedNotification()) {
                    runQuietly(listen.onListChanged());
                }
                if (honoured.admits(notification)) {
                    sink.message(null, tagged(notification, listen.id()));
                    lastWrite = System.nanoTime();
                }
            }
        }
    }

    /** The result as the bridge thread is stopped (the endpoint is going away); a gone client is no matter. */
    private static void endQuietly(ClientAnswer.SseSink sink, Listen listen) {
        try {
            sink.message(null, closing(listen));
        } catch (IOException clientGone) {
            LOG.log(Level.DEBUG, () -> "a subscriptions/listen client went: " + clientGone);
        }
    }

    private static void runQuietly(Runnable onListChanged) {
        try {
            onListChanged.run();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "the list-change callback of a subscriptions/listen failed", e);
        }
    }

    private static JsonObject capabilities(UpstreamSession session) {
        return session.initializeResult().get("capabilities") instanceof JsonObject capabilities ? capabilities
                : JsonValue.EMPTY_JSON_OBJECT;
    }

    static JsonObject acknowledged(JsonValue id, ListenFilter honoured) {
        return Json.createObjectBuilder().add("jsonrpc", "2.0")
                .add("method", McpMethod.NOTIFICATION_SUBSCRIPTIONS_ACKNOWLEDGED.wireName())
                .add("params", Json.createObjectBuilder()
                        .add("_meta", Json.createObjectBuilder().add(MetaKeys.SUBSCRIPTION_ID, id))
                        .add("notifications", honoured.toJson()))
                .build();
    }

    /** The listen's result: it ended gracefully (schema {@code SubscriptionsListenResult}). */
    private static JsonObject closing(Listen listen) {
        JsonObjectBuilder meta = Json.createObjectBuilder().add(MetaKeys.SUBSCRIPTION_ID, listen.id());
        if (listen.session().initializeResult().get("serverInfo") instanceof JsonObject serverInfo) {
            meta.add(MetaKeys.SERVER_INFO, serverInfo);
        }
        return Json.createObjectBuilder().add("jsonrpc", "2.0").add("id", listen.id())
                .add("result", Json.createObjectBuilder().add("resultType", "complete").add("_meta", meta))
                .build();
    }

    /** The notification with the subscription id added to its {@code _meta}. */
    static JsonObject tagged(JsonObject notification, JsonValue id) {
        JsonObject params = notification.get("params") instanceof JsonObject p ? p : JsonValue.EMPTY_JSON_OBJECT;
        JsonObject meta = params.get("_meta") instanceof JsonObject m ? m : JsonValue.EMPTY_JSON_OBJECT;
        return Json.createObjectBuilder(notification)
                .add("params", Json.createObjectBuilder(params)
                        .add("_meta", Json.createObjectBuilder(meta).add(MetaKeys.SUBSCRIPTION_ID, id)))
                .build();
    }

    /** Ends every listen with its result and every GET stream. */
    @Override
    public void close() {
        closed = true;
        feeds.values().forEach(SessionFeed::shutdown);
    }
}
