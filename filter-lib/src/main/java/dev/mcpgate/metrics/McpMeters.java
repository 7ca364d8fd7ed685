package dev.mcpgate.metrics;

import dev.mcpgate.event.EventBatch;
import dev.mcpgate.event.EventSink;
import dev.mcpgate.event.McpEvent;
import dev.mcpgate.event.RequestCompleted;
import dev.mcpgate.event.SchemaChanged;
import dev.mcpgate.event.EndReason;
import dev.mcpgate.event.SessionEnded;
import dev.mcpgate.event.Violation;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * The meters of one endpoint in a Micrometer {@link MeterRegistry}: an {@link EventSink}, so every
 * recording happens on the dispatcher thread from the events, and the request thread pays nothing.
 *
 * <p>From the events, after the OpenTelemetry semantic conventions for MCP (status Development):
 * <ul>
 *   <li>{@value #OPERATION_DURATION} — histogram in seconds of every exchange that carries a JSON-RPC
 *       method, with {@code mcp.method.name}, {@code gen_ai.tool.name}, {@code gen_ai.prompt.name},
 *       {@code mcp.resource.uri}, {@code error.type}, {@code mcp.protocol.version} (see
 *       {@link OperationKey}) and {@code mcpgate.endpoint}; the conventions' bucket boundaries;</li>
 *   <li>{@value #SESSION_DURATION} — histogram in seconds of each ended session, with
 *       {@code mcp.protocol.version} (as for operations; empty when not known), {@code error.type}
 *       ({@code upstream_not_found} when the server no longer knew the session — the one end that is a failure;
 *       empty for a client's DELETE and the timeouts) and {@code mcpgate.end.reason}; buckets from a second to a
 *       day ({@link #SESSION_BUCKETS}: the conventions give no advice for sessions);</li>
 *   <li>{@value #CATALOGUE_VERSIONS} — counter of new catalogue versions, by {@code mcpgate.list};</li>
 *   <li>{@value #INTERCEPTED} — counter of the exchanges an interceptor blocked, mocked or changed, by
 *       {@code mcpgate.outcome} and {@code mcpgate.rule} (rule names past {@code metrics-max-targets}
 *       distinct values recorded as {@value TargetBudget#OTHER}, counted in {@value #RULES_FOLDED});</li>
 *   <li>{@value #BRIDGED} — counter of the exchanges the era bridge translated, by {@code mcpgate.direction}
 *       ({@code modern_to_legacy}: a 2026-07-28 client of a legacy server; {@code legacy_to_modern}: the
 *       reverse), the bridge's own calls to the server not counted.</li>
 * </ul>
 * Bound with {@link #bind(EndpointFigures)}, read at scrape time: {@value #SESSIONS_ACTIVE},
 * {@value #QUEUE_DEPTH}, {@value #QUEUE_CAPACITY}, {@value #EVENTS_DROPPED} (by {@code mcpgate.stage}:
 * {@code queue}, {@code store}), {@value #STORE_ROWS}, {@value #STORE_PENDING}, {@value #STORE_LAG},
 * {@value #VIOLATIONS} (by {@code mcpgate.violation} and {@code mcpgate.action}: {@code rejected},
 * {@code reported}) and {@value #TARGETS_FOLDED}.
 *
 * <p>Tool names, prompt names and resource URIs past {@code metrics-max-targets} distinct values are
 * recorded as {@value TargetBudget#OTHER} ({@link TargetBudget}). {@link #close()} removes every meter
 * this sink registered, so that a redeployed filter does not leave dead series in a registry that
 * outlives it (the application's).
 */
public final class McpMeters implements EventSink {

    /** The servlet context attribute under which an application (the gateway WAR) hands the filter its registry. */
    public static final String REGISTRY_ATTRIBUTE = "dev.mcpgate.metrics.MeterRegistry";

    public static final String OPERATION_DURATION = "mcp.server.operation.duration";
    public static final String SESSION_DURATION = "mcp.server.session.duration";
    public static final String CATALOGUE_VERSIONS = "mcpgate.catalogue.versions";
    public static final String SESSIONS_ACTIVE = "mcpgate.sessions.active";
    public static final String QUEUE_DEPTH = "mcpgate.queue.depth";
    public static final String QUEUE_CAPACITY = "mcpgate.queue.capacity";
    public static final String EVENTS_DROPPED = "mcpgate.events.dropped";
    public static final String STORE_ROWS = "mcpgate.store.rows.written";
    public static final String STORE_PENDING = "mcpgate.store.pending";
    public static final String STORE_LAG = "mcpgate.store.lag";
    public static final String VIOLATIONS = "mcpgate.guard.violations";
    public static final String TARGETS_FOLDED = "mcpgate.metrics.targets.folded";
    public static final String RULES_FOLDED = "mcpgate.metrics.rules.folded";
    public static final String INTERCEPTED = "mcpgate.interceptor.verdicts";
    public static final String BRIDGED = "mcpgate.bridge.exchanges";

    /** The conventions' advice for {@code mcp.*.operation.duration}, in seconds. */
    static final double[] OPERATION_BUCKETS = {0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 30, 60, 120, 300};
    /** Session lengths from a minute to a day, in seconds. */
    static final double[] SESSION_BUCKETS = {1, 10, 60, 300, 600, 1800, 3600, 7200, 14400, 28800, 86400};

    private final MeterRegistry registry;
    private final String endpoint;
    private final TargetBudget targets;
    /** Rule names get a budget of their own: a rules file with many rules does not crowd out the tools. */
    private final TargetBudget rules;
    private final Set<String> protocolVersions;
    private final Map<OperationKey, Timer> operations = new HashMap<>();
    private final Set<Meter> registered = new LinkedHashSet<>();

    /**
     * @param endpoint         the endpoint name ({@code mcpgate.endpoint} on every meter)
     * @param maxTargets       {@code metrics-max-targets}
     * @param protocolVersions the revisions the endpoint accepts ({@code protocol-versions}); others are
     *                         recorded as {@value TargetBudget#OTHER}
     */
    public McpMeters(MeterRegistry registry, String endpoint, int maxTargets, List<String> protocolVersions) {
        this.registry = registry;
        this.endpoint = endpoint;
        this.targets = new TargetBudget(maxTargets);
        this.rules = new TargetBudget(maxTargets);
        this.protocolVersions = Set.copyOf(protocolVersions);
        keep(FunctionCounter.builder(TARGETS_FOLDED, targets, TargetBudget::folded)
                .description("Exchanges whose tool, prompt or resource was recorded as _other (metrics-max-targets)")
                .tags(endpointTag()).register(registry));
        keep(FunctionCounter.builder(RULES_FOLDED, rules, TargetBudget::folded)
                .description("Interceptor verdicts whose rule name was recorded as _other (metrics-max-targets)")
                .tags(endpointTag()).register(registry));
    }

    @Override
    public void accept(EventBatch batch) {
        for (McpEvent event : batch.events()) {
            if (event instanceof RequestCompleted exchange) {
                operation(exchange);
                intercepted(exchange);
                bridged(exchange);
            } else if (event instanceof SessionEnded ended) {
                session(ended);
            } else if (event instanceof SchemaChanged change) {
                counter(CATALOGUE_VERSIONS, "New versions of the tools, prompts or resources lists",
                        Tags.of("mcpgate.list", change.listMethod())).increment();
            }
        }
    }

    private void operation(RequestCompleted exchange) {
        OperationKey key = OperationKey.of(exchange, targets, protocolVersions);
        if (key == null) {
            return;
        }
        operations.computeIfAbsent(key, this::operationTimer).record(exchange.latencyMicros(), TimeUnit.MICROSECONDS);
    }

    /** An exchange an interceptor decided about: counted by outcome and rule. */
    private void intercepted(RequestCompleted exchange) {
        if (exchange.rule() == null) {
            return;
        }
        counter(INTERCEPTED, "Exchanges an interceptor blocked, mocked or changed", Tags.of(
                "mcpgate.outcome", exchange.outcome().wireName(),
                "mcpgate.rule", rules.admit(dev.mcpgate.protocol.TargetKind.NONE, exchange.rule()))).increment();
    }

    /** An exchange the era bridge translated: counted by direction (client's era to server's). */
    private void bridged(RequestCompleted exchange) {
        if (exchange.upstreamEra() == null) {
            return;
        }
        counter(BRIDGED, "Exchanges the era bridge translated, by direction (client's era to server's)", Tags.of(
                "mcpgate.direction", exchange.era().wireName() + "_to_" + exchange.upstreamEra().wireName()))
                .increment();
    }

        private Timer operationTimer(OperationKey key) {
        return keep(Timer.builder(OPERATION_DURATION)
                .description("MCP request or notification duration as observed on the receiver (McpGate)")
                .tags(endpointTag()).tag("mcp.method.name", key.method()).tag("gen_ai.tool.name", key.tool())
                .tag("gen_ai.prompt.name", key.prompt()).tag("mcp.resource.uri", key.resource())
                .tag("error.type", key.errorType()).tag("mcp.protocol.version", key.protocolVersion())
                .serviceLevelObjectives(durations(OPERATION_BUCKETS)).register(registry));
    }

    private void session(SessionEnded ended) {
        if (ended.started() == null) {
            return;
        }
        Duration length = Duration.between(ended.started(), ended.timestamp());
        keep(Timer.builder(SESSION_DURATION).description("The duration of the MCP session as observed on the MCP server")
                .tags(endpointTag()).tag("mcpgate.end.reason", ended.reason().wireName())
                .tag("mcp.protocol.version", version(ended.protocolVersion()))
                .tag("error.type", ended.reason() == EndReason.UPSTREAM_NOT_FOUND ? ended.reason().wireName() : "")
                .serviceLevelObjectives(durations(SESSION_BUCKETS)).register(registry))
                .record(length.isNegative() ? Duration.ZERO : length);
    }

    /** A session's revision as {@code mcp.protocol.version}: empty when unknown, folded when not accepted. */
    private String version(String protocolVersion) {
        if (protocolVersion == null) {
            return "";
        }
        return protocolVersions.contains(protocolVersion) ? protocolVersion : TargetBudget.OTHER;
    }

    /**
     * Publishes the endpoint's live counters; called once, when the endpoint is running. A figure
     * that throws reads as NaN, never failing a scrape.
     */
    public void bind(EndpointFigures figures) {
        gauge(SESSIONS_ACTIVE, "Sessions tracked now", figures, f -> f.activeSessions());
        gauge(QUEUE_DEPTH, "Events waiting for the dispatcher", figures, f -> f.queueDepth());
        gauge(QUEUE_CAPACITY, "Bound of the event queue (queue-capacity)", figures, f -> f.queueCapacity());
        dropped("queue", figures, f -> f.queueDropped());
        for (Violation violation : Violation.values()) {
            for (boolean rejected : new boolean[] {true, false}) {
                keep(FunctionCounter.builder(VIOLATIONS, figures, safe(f -> f.violations(violation, rejected)))
                        .description("Exchanges the guard refused (rejected) or let pass reporting a violation")
                        .tags(endpointTag()).tag("mcpgate.violation", violation.wireName())
                        .tag("mcpgate.action", rejected ? "rejected" : "reported").register(registry));
            }
        }
        if (figures.storeEnabled()) {
            dropped("store", figures, f -> f.storeDropped());
            keep(FunctionCounter.builder(STORE_ROWS, figures, safe(f -> f.storeRowsWritten()))
                    .description("Rows the store's writer wrote").tags(endpointTag()).register(registry));
            gauge(STORE_PENDING, "Events the store holds, not yet written", figures, f -> f.storePending());
            keep(Gauge.builder(STORE_LAG, figures, safe(McpMeters::lagSeconds)).baseUnit("seconds")
                    .description("Seconds since the writer's last write while events wait; 0 when none wait")
                    .tags(endpointTag()).strongReference(true).register(registry));
        }
    }

    /** How far the writer is behind: the time since its last write, while it holds events. */
    static double lagSeconds(EndpointFigures figures) {
        if (figures.storePending() == 0) {
            return 0;
        }
        Instant last = figures.storeLastWrite();
        return last == null ? Double.NaN : Math.max(0, Duration.between(last, Instant.now()).toMillis() / 1000.0);
    }

    /** Exchanges whose target was folded into {@value TargetBudget#OTHER} so far. */
    public long targetsFolded() {
        return targets.folded();
    }

    @Override
    public void close() {
        synchronized (registered) {
            registered.forEach(registry::remove);
            registered.clear();
        }
        operations.clear();
    }

    private void dropped(String stage, EndpointFigures figures, ToDoubleFunction<EndpointFigures> value) {
        keep(FunctionCounter.builder(EVENTS_DROPPED, figures, safe(value))
                .description("Events lost: the queue was full (queue) or the store's hold was (store)")
                .tags(endpointTag()).tag("mcpgate.stage", stage).register(registry));
    }

    private void gauge(String name, String description, EndpointFigures figures,
            ToDoubleFunction<EndpointFigures> value) {
        keep(Gauge.builder(name, figures, safe(value)).description(description).tags(endpointTag())
                .strongReference(true).register(registry));
    }

    private Counter counter(String name, String description, Tags tags) {
        return keep(Counter.builder(name).description(description).tags(endpointTag()).tags(tags).register(registry));
    }

    private static ToDoubleFunction<EndpointFigures> safe(ToDoubleFunction<EndpointFigures> value) {
        return figures -> {
            try {
                return value.applyAsDouble(figures);
            } catch (RuntimeException e) {
                return Double.NaN;
            }
        };
    }

    private Tags endpointTag() {
        return Tags.of("mcpgate.endpoint", endpoint);
    }

    /** Remembers a meter for {@link #close()}; registering an existing one returns it, kept once. */
    private <M extends Meter> M keep(M meter) {
        synchronized (registered) {
            registered.add(meter);
        }
        return meter;
    }

    private static Duration[] durations(double[] seconds) {
        Duration[] durations = new Duration[seconds.length];
        for (int i = 0; i < seconds.length; i++) {
            durations[i] = Duration.ofNanos(Math.round(seconds[i] * 1_000_000_000L));
        }
        return durations;
    }
}
