package dev.mcpgate;

import dev.mcpgate.approval.InMemoryApprovals;
import dev.mcpgate.event.EventDispatcher;
import dev.mcpgate.event.EventQueue;
import dev.mcpgate.event.EventSink;
import dev.mcpgate.event.GateMetrics;
import dev.mcpgate.event.Violation;
import dev.mcpgate.schema.CatalogueTracker;
import dev.mcpgate.schema.McpCatalogue;
import dev.mcpgate.store.McpAnalytics;
import dev.mcpgate.store.McpStore;
import dev.mcpgate.store.StoreSink;
import dev.mcpgate.web.SessionBook;
import jakarta.servlet.ServletContext;
import dev.mcpgate.pin.CataloguePins;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import dev.mcpgate.resume.Resumption;

/**
 * A running endpoint of {@link McpSessionFilter}, as the rest of the web application sees it: its
 * settings, its health, its catalogue history and — with {@code store=jpa} — the query service over
 * its stored exchanges. An enabled filter publishes one as a servlet context attribute from {@code init} to
 * {@code destroy}; find it with {@link #find(ServletContext, String)} or {@link #all(ServletContext)}:
 * <pre>{@code
 * McpGateEndpoint gate = McpGateEndpoint.find(servletContext, "weather").orElseThrow();
 * McpGateEndpoint.Health health = gate.health();
 * gate.analytics().ifPresent(a -> a.toolStats(gate.name(), from, to, 20));
 * }</pre>
 * Every method is cheap and safe to call from any thread; nothing here changes what the filter does.
 */
public final class McpGateEndpoint {

    /** The servlet context attribute names are this prefix plus the endpoint name. */
    public static final String ATTRIBUTE_PREFIX = McpGateEndpoint.class.getName() + ".";

    private final McpGateConfig config;
    private final GateMetrics metrics;
    private final EventQueue queue;
    private final SessionBook sessions;
    private final EventDispatcher dispatcher;
    private final EventSink storeSink;
    private final McpCatalogue catalogue;
    private volatile Resumption resumption;
    private volatile InMemoryApprovals approvals;
    private volatile CataloguePins pins;

    McpGateEndpoint(McpGateConfig config, GateMetrics metrics, EventQueue queue, SessionBook sessions,
            EventDispatcher dispatcher, EventSink storeSink, McpCatalogue catalogue) {
        this.config = config;
        this.metrics = metrics;
        this.queue = queue;
        this.sessions = sessions;
        this.dispatcher = dispatcher;
        this.storeSink = storeSink;
        this.catalogue = catalogue;
    }

    /**
     * The state of the store's writer, when the store is on. {@code reachable} says whether the
     * database answered the writer's last attempt; {@code databaseUrl} is where it writes (JDBC URL,
     * no credentials); {@code failure} why it could not open or reconnect to the database at its last
     * attempt ({@code unreachable}, {@code driver_missing}, {@code unsupported_database},
     * {@code authentication}, {@code other}; see {@link dev.mcpgate.store.StoreFailure}), {@code null}
     * once a connection worked; {@code quarantined} counts events the database refused even cleaned,
     * set aside in {@code mcp_quarantine}.
     */
    public record StoreHealth(boolean reachable, long rowsWritten, long batchesWritten, long writeFailures,
                              long eventsDropped, long eventsPending, String lastError, Instant lastErrorAt,
                              Instant lastWriteAt, String schemaVersion, String databaseUrl, String failure,
                              long quarantined) {
    }

    /**
     * The endpoint's counters now: the event queue, the sessions it tracks, what it had to drop or
     * could not parse, the store's writer ({@code null} with {@code store=none}) and the catalogue
     * tracker ({@code null} with {@code schema-history=false}: captures lost to its memory budget,
     * paginations evicted, bytes held) and the guard's {@link #violations()}. Totals are since the
     * filter started.
     */
    public record Health(Instant at, String endpoint, String mode, long queueDepth, int queueCapacity,
                         long eventsDropped, long sessionsTracked, long sessionsUntracked, long unparsableBodies,
                         long observerFailures, long sinkFailures, long sinkEventsDropped, StoreHealth store,
                         CatalogueTracker.Health catalogue, Map<String, ViolationCount> violations,
                         ReplayHealth replay) {
    }

    /**
     * SSE resumability ({@code resume}): bytes held in the replay logs against their bound
     * ({@code replay-max-bytes}), events evicted since start, and streams whose server is still writing.
     */
    public record ReplayHealth(long bytesHeld, long bytesLimit, long eventsEvicted, int liveStreams) {
    }

    /**
     * How many exchanges the guard found a violation against since the filter started:
     * {@code rejected} — refused by a check at {@code enforce}; {@code reported} — passed by a
     * check at {@code report}, the row naming the violation.
     */
    public record ViolationCount(long rejected, long reported) {
    }

    /** The endpoint published under {@code name} in {@code context}, if its filter is running. */
    public static Optional<McpGateEndpoint> find(ServletContext context, String name) {
        return Optional.ofNullable((McpGateEndpoint) context.getAttribute(ATTRIBUTE_PREFIX + name));
    }

    /** Every endpoint running in {@code context}, ordered by name. */
    public static List<McpGateEndpoint> all(ServletContext context) {
        List<McpGateEndpoint> found = new ArrayList<>();
        for (String name : Collections.list(context.getAttributeNames())) {
            if (name.startsWith(ATTRIBUTE_PREFIX) && context.getAttribute(name) instanceof McpGateEndpoint e) {
                found.add(e);
            }
        }
        found.sort((a, b) -> a.name().compareTo(b.name()));
        return found;
    }

    /** The endpoint name its rows and events carry ({@code endpoint-name}). */
    public String name() {
        return config.endpointName();
    }

    /** The filter's settings. */
    public McpGateConfig config() {
        return config;
    }

    public Health health() {
        return new Health(Instant.now(), name(), config.sessions().mode().wireName(), queue.depth(), config.dispatch().queueCapacity(),
                metrics.eventsDropped(), sessions.size(), metrics.sessionsUntracked(), metrics.unparsableBodies(),
                metrics.observerFailures(), metrics.sinkFailures(), dispatcher.sinkEventsDropped(), storeHealth(),
                catalogue == null ? null : catalogue.health(), violations(), replayHealth());
    }

    /** The replay logs' figures, or {@code null} when resumability is off. */
    private ReplayHealth replayHealth() {
        Resumption r = resumption;
        return r == null ? null : new ReplayHealth(r.bytesHeld(), r.options().maxBytes(), r.eventsEvicted(),
                r.liveStreams());
    }

    /**
     * The guard's counts since start, by violation (its wire name, e.g. {@code origin}); only
     * violations with a count, in the order of {@link Violation}.
     */
    public Map<String, ViolationCount> violations() {
        Map<String, ViolationCount> counts = new LinkedHashMap<>();
        for (Violation violation : Violation.values()) {
            long rejected = metrics.violationsRejected(violation);
            long reported = metrics.violationsReported(violation);
            if (rejected + reported > 0) {
                counts.put(violation.wireName(), new ViolationCount(rejected, reported));
            }
        }
        return counts;
    }

    /**
     * {@code own} mode: how many {@code initialize} requests were answered 503 because
     * {@code max-sessions} sessions were open (each is also a row with outcome {@code rejected} and
     * violation {@code session_limit}).
     */
    public long sessionsRefused() {
        return metrics.sessionsRefused();
    }

    /**
     * SSE resumability ({@code resume}): bytes of events held in the replay logs now, across all
     * sessions (bounded by {@code replay-max-bytes}); 0 when resumability is off.
     */
    public long replayBytes() {
        Resumption r = resumption;
        return r == null ? 0 : r.bytesHeld();
    }

    /** Events evicted from the replay logs so far to stay within their bounds; 0 when resumability is off. */
    public long replayEventsEvicted() {
        Resumption r = resumption;
        return r == null ? 0 : r.eventsEvicted();
    }

    /** Resumable streams whose server is still writing, with or without a client attached. */
    public int resumableStreams() {
        Resumption r = resumption;
        return r == null ? 0 : r.liveStreams();
    }

    void resumption(Resumption resumption) {
        this.resumption = resumption;
    }

    /**
     * The calls held for an operator's approval (the rules' {@code hold} action): the admin API lists
     * {@link InMemoryApprovals#pending()} and decides them with {@link InMemoryApprovals#decide}.
     */
    public InMemoryApprovals approvals() {
        return approvals;
    }

    void approvals(InMemoryApprovals approvals) {
        this.approvals = approvals;
    }

    /**
     * The query service over this endpoint's store; empty with {@code store=none} and until the
     * store's writer has reached the database for the first time. Its queries take the endpoint whose
     * rows they read ({@link #name()}): endpoints may share one database.
     */
    public Optional<McpAnalytics> analytics() {
        return store().map(McpStore::analytics);
    }

    /**
     * The tool, prompt and resource catalogue history of this endpoint; empty with
     * {@code schema-history=false}.
     */
    public Optional<McpCatalogue> catalogue() {
        return Optional.ofNullable(catalogue);
    }

    /**
     * Catalogue pinning's approvals and their API ({@code approve}); empty unless
     * {@code catalogue-pinning=enforce}.
     */
    public Optional<CataloguePins> pins() {
        return Optional.ofNullable(pins);
    }

    void pins(CataloguePins pins) {
        this.pins = pins;
    }

    /** The open store; empty with {@code store=none} or while the database has not been reached. */
    public Optional<McpStore> store() {
        StoreSink sink = storeSink();
        return sink == null ? Optional.empty() : Optional.ofNullable(sink.store());
    }

    /** The store's sink, or {@code null} with {@code store=none}: store classes are touched only when it is on. */
    private StoreSink storeSink() {
        return storeSink != null && storeSink instanceof StoreSink sink ? sink : null;
    }

    private StoreHealth storeHealth() {
        StoreSink sink = storeSink();
        if (sink == null) {
            return null;
        }
        StoreSink.Health h = sink.health();
        return new StoreHealth(h.reachable(), h.rowsWritten(), h.batchesWritten(), h.writeFailures(),
                h.eventsDropped(), h.eventsPending(), h.lastError(), h.lastErrorAt(), h.lastWriteAt(),
                h.schemaVersion(), h.databaseUrl(), h.failure(), h.quarantined());
    }

    void publish(ServletContext context) {
        context.setAttribute(ATTRIBUTE_PREFIX + name(), this);
    }

    void withdraw(ServletContext context) {
        if (context.getAttribute(ATTRIBUTE_PREFIX + name()) == this) {
            context.removeAttribute(ATTRIBUTE_PREFIX + name());
        }
    }
}
