package dev.mcpgate;

import dev.mcpgate.bridge.BridgeSettings;
import dev.mcpgate.bridge.BridgeUpstream;
import dev.mcpgate.bridge.EraTranslator;
import dev.mcpgate.bridge.LegacyToModernTranslator;
import dev.mcpgate.bridge.LoopbackMarker;
import dev.mcpgate.bridge.ModernToLegacyTranslator;
import dev.mcpgate.bridge.UpstreamEra;
import dev.mcpgate.concurrent.SchedulerProvider;
import dev.mcpgate.config.SettingSources;
import dev.mcpgate.event.CdiEventSink;
import dev.mcpgate.event.EventDispatcher;
import dev.mcpgate.approval.InMemoryApprovals;
import dev.mcpgate.event.EventQueue;
import dev.mcpgate.event.EventSink;
import dev.mcpgate.event.GateMetrics;
import dev.mcpgate.event.Heartbeat;
import dev.mcpgate.event.LogSink;
import dev.mcpgate.resume.ResumeOptions;
import dev.mcpgate.resume.Resumption;
import dev.mcpgate.pin.CataloguePins;
import dev.mcpgate.pin.InMemoryPinStore;
import dev.mcpgate.pin.PinStore;
import dev.mcpgate.schema.CatalogueHistory;
import dev.mcpgate.schema.CatalogueTracker;
import dev.mcpgate.schema.InMemoryCatalogueHistory;
import dev.mcpgate.schema.McpCatalogue;
import dev.mcpgate.session.ReplayStore;
import dev.mcpgate.session.SessionIdMint;
import dev.mcpgate.trace.TraceScope;
import dev.mcpgate.trace.Tracing;
import dev.mcpgate.web.ExchangeObserver;
import dev.mcpgate.web.ObservedExchange;
import dev.mcpgate.web.OwnedSessions;
import dev.mcpgate.web.SessionBook;
import dev.mcpgate.web.UnmarkedRequest;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.GenericFilter;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Observes every MCP exchange at the URLs it is mapped to, in both protocol eras, without changing
 * a byte of it.
 *
 * <p>For each HTTP request it reads the JSON-RPC envelope ahead (up to a limit; the servlet gets
 * the same bytes), passes the request on, forwards every response byte and flush at once while
 * parsing JSON and SSE bodies on the side, and when the response is complete — after the chain
 * returns, or from an {@code AsyncListener} when the servlet answered asynchronously, as the MCP
 * Java SDK does — records one {@link dev.mcpgate.event.RequestCompleted} event. Legacy-era sessions
 * ({@code Mcp-Session-Id}) are learnt from the {@code initialize} answer and followed to their end
 * (DELETE, a 404 from the server, idle or absolute expiry). Modern-era (2026-07-28+) requests carry
 * no session and none is added; the client identity is taken from each request's {@code _meta}.
 * Events are delivered in batches, off the request thread, as CDI events and to
 * {@link EventSink}s.
 *
 * <p>With {@code mode=own} the filter also owns the legacy-era sessions, for servers that keep
 * none: it mints the ids and answers the session rules itself (see {@link SessionMode#OWN}).
 *
 * <p>The filter never fails an exchange because of its own trouble: an unparsable body, a full
 * event queue or a failing observer is counted (see {@link Heartbeat}) and the exchange goes on.
 *
 * <p>Before the server sees a request, the guard ({@link dev.mcpgate.guard.RequestGuard}) checks
 * what the MCP specification says a server must check: {@code Host} and {@code Origin} against DNS
 * rebinding, the protocol version, the session id's form, the body's length, a message naming a
 * member twice, the 2026-07-28 headers against the body, the principal a session was started by.
 * At {@code guard=report} (the default) the exchange goes on and its row names the violation; at
 * {@code enforce} the filter answers with the status and JSON-RPC error the specification
 * prescribes and the server never sees the request; it is recorded like any exchange.
 *
 * <p>With the OpenTelemetry API on the class path (setting {@code tracing}), each exchange is also a
 * {@code SERVER} span after the OpenTelemetry conventions for MCP, its parent from
 * {@code params._meta.traceparent} or the {@code traceparent} header, current while the servlet runs
 * (see {@link dev.mcpgate.trace}).
 *
 * <p>With {@code bridge=on}, a client of the other era than the server behind the filter is translated for it
 * (see {@link dev.mcpgate.bridge}): the exchange goes asynchronous and a translator
 * ({@link #eraTranslator}) answers it on a bridge thread, calling the server in its own era over the loopback.
 *
 * <h2>Registration</h2>
 * Dropping {@code mcpgate-filter.jar} into {@code WEB-INF/lib} registers the filter through the
 * web fragment named {@code mcpgate} as {@code McpSessionFilter} on {@code /mcp/*} (which
 * includes {@code /mcp} itself), async-supported. To map it elsewhere, declare mappings for that filter name in
 * {@code web.xml} (they replace the fragment's); to configure it, use context-params; to declare it
 * yourself instead, leave {@code mcpgate} out of an {@code <absolute-ordering>} and declare:
 * <pre>{@code
 * <filter>
 *   <filter-name>McpSessionFilter</filter-name>
 *   <filter-class>dev.mcpgate.McpSessionFilter</filter-class>
 *   <async-supported>true</async-supported>   <!-- required: MCP servlets answer asynchronously -->
 *   <init-param>
 *     <param-name>endpoint-name</param-name>
 *     <param-value>weather</param-value>
 *   </init-param>
 * </filter>
 * <filter-mapping>
 *   <filter-name>McpSessionFilter</filter-name>
 *   <url-pattern>/mcp/*</url-pattern>   <!-- covers /mcp too; map each URL once -->
 * </filter-mapping>
 * }</pre>
 *
 * <h2>Settings</h2>
 * Every setting of {@link Setting} is an init-param of the same name, a context-param
 * {@code dev.mcpgate.<name>}, a system property {@code mcpgate.<name>} or an environment variable
 * {@code MCPGATE_<NAME>}, resolved in that order.
 * An unknown or invalid one fails the deployment. {@code enabled=false} makes the filter a
 * pass-through that reads nothing.
 */
public class McpSessionFilter extends GenericFilter {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = System.getLogger(McpSessionFilter.class.getName());
    private static final String CDI_CLASS = "jakarta.enterprise.inject.spi.BeanManager";
    /**
     * Servlet context attributes under which a CDI container may publish its BeanManager: the
     * plain class name, and the one Weld servlet uses on Tomcat.
     */
    private static final List<String> BEAN_MANAGER_ATTRIBUTES = List.of(CDI_CLASS,
            "org.jboss.weld.environment.servlet." + CDI_CLASS);

    private transient McpGateConfig config;
    private transient EndpointRuntime runtime;

    @Override
    public void init() throws ServletException {
        try {
            config = McpGateConfig.resolve(getFilterName(), new FilterSources(getFilterConfig()));
        } catch (IllegalArgumentException e) {
            throw new ServletException(e.getMessage(), e);
        }
        if (!config.enabled()) {
            LOG.log(Level.INFO, "McpGate filter {0} is disabled (enabled=false): it passes every request through",
                    getFilterName());
            return;
        }
        runtime = new EndpointRuntime(config, getServletContext(), this::eraTranslator);
        runtime.endpoint.publish(getServletContext());
        LOG.log(Level.INFO, "McpGate observes endpoint {0} in {1} mode ({2} sink(s), {3} executor, sessions in {4})",
                config.endpointName(), config.sessions().mode().wireName(), runtime.sinkCount(),
                runtime.scheduler.isOwned() ? "own" : "managed", runtime.sessionStoreName());
    }

    /**
     * The era bridge's translator for clients of the other era than {@code upstreamEra} ({@code bridge=on}):
     * {@link UpstreamEra#LEGACY} asks for the one that serves 2026-07-28 clients from a legacy server,
     * {@link UpstreamEra#MODERN} the one that serves legacy clients from a 2026-07-28 server. Called twice at
     * {@code init}; {@code null} leaves that direction unbridged. A subclass may return its own.
     *
     * @param upstream  how the translator reaches the server, in the server's era
     * @param settings  the {@code bridge-*} settings
     * @param scheduler the endpoint's scheduler, for the translator's timed work (expiry)
     */
    protected EraTranslator eraTranslator(UpstreamEra upstreamEra, BridgeUpstream upstream, BridgeSettings settings,
            ScheduledExecutorService scheduler) {
        return switch (upstreamEra) {
            case LEGACY -> new ModernToLegacyTranslator(upstream, settings, scheduler);
            case MODERN -> new LegacyToModernTranslator(upstream, settings, scheduler);
            case AUTO -> null;
        };
    }

    /** The settings in force; {@code null} before {@code init}. */
    public McpGateConfig getConfig() {
        return config;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        EndpointRuntime current = runtime;
        if (current == null || !(request instanceof HttpServletRequest http)
                || !(response instanceof HttpServletResponse httpResponse)
                || request.getAttribute(current.seenAttribute) != null) {
            chain.doFilter(request, response); // off, not HTTP, or this filter already observes it
            return;
        }
        request.setAttribute(current.seenAttribute, Boolean.TRUE);
        if (current.bridge != null && http.getHeader(LoopbackMarker.HEADER) != null) {
            http = new UnmarkedRequest(http, LoopbackMarker.HEADER); // judged by the bridge, never seen downstream
        }
        ObservedExchange exchange = current.observer.begin(http, httpResponse);
        if (exchange == null) {
            chain.doFilter(request, response);
            return;
        }
        if (exchange.answered()) {
            exchange.chainReturned(); // answered by the filter (a refusal, an own-mode DELETE): the server never sees it
            return;
        }
        try (TraceScope trace = exchange.traceScope()) { // the application's spans nest under the exchange's
            chain.doFilter(exchange.request(), exchange.response());
        } catch (IOException | ServletException | RuntimeException | Error e) {
            exchange.chainFailed(e);
            if (exchange.answerFailure(e)) {
                LOG.log(Level.WARNING, "McpGate endpoint " + current.config.endpointName() + ": the servlet failed; "
                        + "answered with a JSON-RPC error (guard-error-body=enforce) instead of the error page", e);
                return;
            }
            throw e;
        } finally {
            exchange.chainReturned();
        }
    }

    @Override
    public void destroy() {
        EndpointRuntime current = runtime;
        runtime = null;
        if (current != null) {
            current.endpoint.withdraw(getServletContext());
            current.close();
        }
    }

    /**
     * Everything an enabled filter runs for its endpoint: built at init, closed at destroy. (Not
     * named {@code Runtime}, which would shadow {@code java.lang.Runtime} in this file.)
     */
    private static final class EndpointRuntime {
        private final McpGateConfig config;
        private final GateMetrics metrics = new GateMetrics();
        private final EventQueue queue;
        private final SessionStores.Choice sessionStore;
        private final ServletContext context;
        private final SessionBook sessions;
        private final ExchangeObserver observer;
        private final CatalogueTracker catalogue;
        /** Catalogue pinning's approvals; {@code null} unless {@code catalogue-pinning=enforce}. */
        private final CataloguePins pins;
        private final EventDispatcher dispatcher;
        private final SchedulerProvider scheduler;
        /** The filter's own interceptors (the recorder, ...): closed with it, before the scheduler they run on. */
        private final List<BuiltInInterceptors.Entry> builtIns;
        private final List<ScheduledFuture<?>> tasks = new ArrayList<>();
        private final int sinkCount;
        private final McpGateEndpoint endpoint;
        /**
         * Holds for an operator's approval (the rules' hold action); its decisions go through the event
         * queue to the store ({@code mcp_approval}). Costs nothing until a rule holds a call.
         */
        private final InMemoryApprovals approvals;
        /**
         * Marks a request this filter already observes: a URL matched by two of its mappings
         * (Payara and WildFly chain such a filter twice) or an include is observed once.
         */
        private final String seenAttribute;
        private long lastReportedDrops;
        /** SSE resumability; {@code null} when {@code resume} is off. */
        private Resumption resumption;
        /** The era bridge; {@code null} when {@code bridge} is off (then it costs one null check per exchange). */
        private BridgeWiring bridge;

        /**
         * Starts everything; when a step fails (a sink that cannot be created, an executor that
         * cannot be had), what the steps before it started — the executor, the store's writer on it,
         * the sinks, the tasks — is closed again, in reverse order, before the failure is
         * thrown: a failed deployment leaves no thread behind.
         */
        EndpointRuntime(McpGateConfig config, ServletContext context, BridgeWiring.Translators translators) {
            this.config = config;
            this.seenAttribute = McpSessionFilter.class.getName() + ".observed." + config.endpointName();
            this.queue = new EventQueue(config.dispatch().queueCapacity(), metrics);
            this.approvals = new InMemoryApprovals(config.endpointName(), config.approval().maxHolds(),
                    config.approval().timeout(), queue::offer, Clock.systemUTC());
            ClassLoader applicationLoader = Thread.currentThread().getContextClassLoader();
            this.sessionStore = SessionStores.choose(config, applicationLoader, beanManagerAttribute(context));
            this.context = context;
            SessionStores.claim(sessionStore, config.endpointName(), context);
            boolean own = config.sessions().mode() == SessionMode.OWN;
            this.sessions = new SessionBook(config.endpointName(), sessionStore.store(), queue, metrics,
                    config.sessions().idleTimeout(), config.sessions().absoluteTimeout(), own);
            Deque<Runnable> started = new ArrayDeque<>(); // what to close if a later step fails, newest first
            started.push(this::closeSessionStore);
            List<EventSink> sinks = new ArrayList<>();
            try {
                // first: the store's writer and the catalogue tracker run on it, and it closes after them
                McpGateConfig.Dispatch dispatch = config.dispatch();
                this.scheduler = SchedulerProvider.obtain(dispatch.ownExecutorOnly() ? null : dispatch.executor(),
                        "mcpgate-" + config.endpointName());
                started.push(scheduler::close);
                EventSink store = config.store().enabled()
                        ? dev.mcpgate.store.StoreSinks.create(config.storeSettings(), scheduler.scheduler()) : null;
                if (store != null) {
                    started.push(() -> closeSinks(List.of(store)));
                }
                this.catalogue = config.catalogue().history() ? catalogueTracker(config, store, queue) : null;
                this.pins = config.pinning().enforced() ? cataloguePins(config, catalogue, store) : null;
                this.observer = exchangeObserver(config, own);
                started.push(() -> tasks.forEach(task -> task.cancel(false))); // a built-in's periodic work
                this.builtIns = intercept(config, applicationLoader, context, started);
                started.push(() -> closeSinks(sinks.stream().filter(sink -> sink != store).toList()));
                sinks(config, context, applicationLoader, store, sinks);
                EventSink meters = MetricsWiring.sink(config, context, beanManagerAttribute(context));
                if (meters != null) {
                    sinks.add(meters); // Micrometer classes are touched only when metrics are recorded
                }
                this.sinkCount = sinks.size();
                this.dispatcher = new EventDispatcher(queue, sinks, config.dispatch().batchSize(), metrics,
                        applicationLoader);
                closedByDispatcher(started);
                this.endpoint = endpoint(config, store);
                if (meters != null) {
                    MetricsWiring.bind(meters, new GateFigures(sessions, queue, config.dispatch().queueCapacity(),
                            metrics, store));
                }
                startTasks(config, started, translators);
            } catch (RuntimeException | Error e) {
                undo(started, e);
                throw e;
            }
        }

        /** From here on a failed start closes the dispatcher, which closes every sink, and what it runs on. */
        private void closedByDispatcher(Deque<Runnable> started) {
            started.clear();
            started.push(this::closeSessionStore);
            started.push(scheduler::close);
            started.push(() -> BuiltInInterceptors.close(builtIns));
            started.push(dispatcher::close);
        }

        /** The endpoint's face (application-scoped reads, approvals, pins), published at init. */
        private McpGateEndpoint endpoint(McpGateConfig config, EventSink store) {
            McpGateEndpoint created = new McpGateEndpoint(config, metrics, queue, sessions, dispatcher, store,
                    catalogue == null ? null : new McpCatalogue(config.endpointName(), catalogue.history(), catalogue));
            created.approvals(approvals);
            created.pins(pins);
            return created;
        }

        /**
         * Starts the built-in interceptors (closed again by {@code started} if a later step fails) and
         * hands the observer the chain: the application's (CDI, ServiceLoader) and the built-ins, in order.
         */
        private List<BuiltInInterceptors.Entry> intercept(McpGateConfig config, ClassLoader applicationLoader,
                ServletContext context, Deque<Runnable> started) {
            List<BuiltInInterceptors.Entry> created = BuiltInInterceptors.create(config, applicationLoader,
                    (every, task) -> schedule(task, every), approvals, pins, scheduler.scheduler());
            started.push(() -> BuiltInInterceptors.close(created));
            observer.intercept(InterceptorDiscovery.discover(config, created, applicationLoader,
                    beanManagerAttribute(context)));
            return created;
        }

        /**
         * The scheduled work: dispatch, the session sweep, heartbeats, resumption, the catalogue tracker; then the
         * era bridge, whose translators run on the scheduler.
         */
        private void startTasks(McpGateConfig config, Deque<Runnable> started, BridgeWiring.Translators translators) {
            started.push(() -> tasks.forEach(task -> task.cancel(false)));
            schedule(dispatcher::drain, config.dispatch().interval());
            schedule(() -> sessions.sweep(Instant.now()), config.sessions().sweepInterval());
            schedule(this::heartbeat, config.dispatch().heartbeatInterval());
            if (config.resume().enabled()) {
                startResumption(config);
                started.push(resumption::close);
            }
            if (catalogue != null) {
                catalogue.start(scheduler.scheduler());
                started.push(catalogue::close);
            }
            if (pins != null) {
                pins.loadIn(scheduler.scheduler()); // the approvals: read in the background, retried until read
                started.push(pins::close);
            }
            startBridge(config, translators, Thread.currentThread().getContextClassLoader(), started);
        }

        /** The request path's part: classifies, guards and records each exchange of this endpoint. */
        private ExchangeObserver exchangeObserver(McpGateConfig config, boolean own) {
            ExchangeObserver created = new ExchangeObserver(config.endpointName(), config.capture().maxRequest(),
                    config.capture().maxResponse(), config.capture().maxSseLine(), sessions, queue, metrics,
                    catalogue == null ? dev.mcpgate.event.CatalogueCaptures.NONE : catalogue,
                    config.catalogue().maxCapture(), config.guard().requestGuard(), own ? new OwnedSessions(
                            sessions, new SessionIdMint(), metrics, config.sessions().max(),
                            config.sessions().sweepInterval()) : null);
            created.checkErrorBodies(config.guard().levels().level(dev.mcpgate.event.Violation.ERROR_BODY));
            created.traceExchanges(Tracing.choose(config.tracing().mode(), config.logging().sessionIds()));
            return created;
        }

        /** The era bridge ({@code bridge=on}): its translators, its threads, its place in the observer. */
        private void startBridge(McpGateConfig config, BridgeWiring.Translators translators,
                ClassLoader applicationLoader, Deque<Runnable> started) {
            if (!config.bridge().enabled()) {
                return;
            }
            bridge = new BridgeWiring(config, translators, scheduler.scheduler(), applicationLoader);
            started.push(bridge::close);
            observer.bridge(bridge);
        }

        /** SSE resumability: the replay logs in the session store, the sweep on the scheduler. */
        private void startResumption(McpGateConfig config) {
            ResumeOptions options = config.resume().options();
            ReplayStore replays = sessionStore.store().replayStore(options.maxEvents(), options.maxStreamBytes(),
                    options.maxBytes(), config.sessions().max());
            resumption = new Resumption(options, replays, scheduler.scheduler());
            observer.resumeStreams(resumption);
            sessions.onSessionEnded(resumption::sessionEnded);
            endpoint.resumption(resumption);
        }

        /** Closes what a failed start had started, newest first; a failure to close is added to the start's. */
        private static void undo(Deque<Runnable> started, Throwable failure) {
            while (!started.isEmpty()) {
                try {
                    started.pop().run();
                } catch (RuntimeException | Error e) {
                    failure.addSuppressed(e);
                }
            }
        }

        private static void closeSinks(List<EventSink> sinks) {
            for (int i = sinks.size() - 1; i >= 0; i--) {
                try {
                    sinks.get(i).close();
                } catch (RuntimeException | LinkageError e) {
                    LOG.log(Level.WARNING, "McpGate: closing a sink after a failed start failed", e);
                }
            }
        }

        /** Catalogue pinning over the catalogue history; its approvals in the store's database, else in memory. */
        private static CataloguePins cataloguePins(McpGateConfig config, CatalogueTracker catalogue, EventSink store) {
            PinStore approvals = store != null ? dev.mcpgate.store.StoreSinks.pinStore(store) : new InMemoryPinStore();
            return new CataloguePins(config.endpointName(), catalogue.history(), approvals,
                    config.pinning().newItems(), java.time.Clock.systemUTC());
        }

        /** The catalogue history: in the store's database when the store is on, else in memory. */
        private static CatalogueTracker catalogueTracker(McpGateConfig config, EventSink store, EventQueue queue) {
            CatalogueHistory history = store != null ? dev.mcpgate.store.StoreSinks.catalogueHistory(store)
                    : new InMemoryCatalogueHistory(config.catalogue().keepVersions(), config.store().retention(),
                            java.time.Clock.systemUTC());
            return new CatalogueTracker(config.endpointName(), history, queue, config.catalogue().pageTimeout(),
                    config.catalogue().maxPages(), config.catalogue().maxMemory());
        }

        int sinkCount() {
            return sinkCount;
        }

        private void schedule(Runnable task, Duration interval) {
            ScheduledExecutorService executor = scheduler.scheduler();
            long micros = interval.toNanos() / 1000;
            tasks.add(executor.scheduleWithFixedDelay(guarded(task), micros, micros, TimeUnit.MICROSECONDS));
        }

        /** A periodic task that throws is cancelled by the executor: never let one throw. */
        private Runnable guarded(Runnable task) {
            return () -> {
                try {
                    task.run();
                } catch (RuntimeException | LinkageError e) {
                    metrics.observerFailed();
                    LOG.log(Level.WARNING, "McpGate background task failed; it runs again at its next turn", e);
                }
            };
        }

        private void heartbeat() {
            long drops = metrics.eventsDropped();
            if (drops > lastReportedDrops) {
                LOG.log(Level.WARNING, "McpGate endpoint {0}: event queue full, {1} event(s) dropped since start",
                        config.endpointName(), drops);
                lastReportedDrops = drops;
            }
            queue.offer(new Heartbeat(Instant.now(), config.endpointName(), queue.depth(), drops,
                    sessions.size(), metrics.sessionsUntracked(), metrics.unparsableBodies(),
                    metrics.observerFailures(), metrics.sinkFailures(), dispatcher.sinkEventsDropped(),
                    dispatcher.sinkEventsQuarantined()));
        }

        void close() {
            tasks.forEach(task -> task.cancel(false));
            if (bridge != null) {
                bridge.close(); // its translators' streams end before the scheduler they run on
            }
            if (resumption != null) {
                resumption.close();
            }
            if (catalogue != null) {
                catalogue.close(); // before the queue closes: its last versions are still dispatched
            }
            if (pins != null) {
                pins.close(); // before the scheduler it reads on
            }
            heartbeat();
            queue.close();
            dispatcher.close();
            BuiltInInterceptors.close(builtIns);
            scheduler.close();
            closeSessionStore();
        }

        /** Closes the session store when the filter created it (a CDI bean is its container's, and only released). */
        private void closeSessionStore() {
            SessionStores.release(sessionStore, config.endpointName(), context);
            if (sessionStore.owned()) {
                try {
                    sessionStore.store().close();
                } catch (RuntimeException | LinkageError e) {
                    LOG.log(Level.WARNING, "McpGate: closing the session store failed", e);
                }
            }
        }

        /** The session store in use and where it came from, for the start log line. */
        String sessionStoreName() {
            return sessionStore.store().getClass().getName() + " (" + sessionStore.source() + ")";
        }

        /** Adds the sinks to {@code sinks} one by one: when one cannot be created, the list holds those that were. */
        private static void sinks(McpGateConfig config, ServletContext context, ClassLoader loader,
                EventSink store, List<EventSink> sinks) {
            EventSink cdi = cdiSink(context, loader);
            if (cdi != null) {
                sinks.add(cdi);
            }
            if (config.logging().exchanges()) {
                sinks.add(new LogSink(config.logging().sessionIds()));
            }
            if (store != null) {
                sinks.add(store); // store classes are touched only when the store is on
            }
            try {
                ServiceLoader.load(EventSink.class, loader).forEach(sinks::add);
            } catch (ServiceConfigurationError e) {
                throw new IllegalStateException("An EventSink registered in META-INF/services cannot be created: "
                        + e.getMessage(), e);
            }
        }

        /** The CDI bridge when the application has a CDI container; CDI classes are touched only then. */
        private static EventSink cdiSink(ServletContext context, ClassLoader loader) {
            try {
                Class.forName(CDI_CLASS, false, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                return null;
            }
            return CdiEventSink.forApplication(beanManagerAttribute(context));
        }

        /** A BeanManager the CDI container published as a context attribute, or {@code null}. */
        private static Object beanManagerAttribute(ServletContext context) {
            return BEAN_MANAGER_ATTRIBUTES.stream().map(context::getAttribute)
                    .filter(Objects::nonNull).findFirst().orElse(null);
        }
    }

    /** Setting sources of a filter: its init-params, its context's params, system properties, the environment. */
    private static final class FilterSources implements SettingSources {
        private final FilterConfig filterConfig;

        FilterSources(FilterConfig filterConfig) {
            this.filterConfig = filterConfig;
        }

        @Override
        public Collection<String> initParamNames() {
            return Collections.list(filterConfig.getInitParameterNames());
        }

        @Override
        public String initParam(String name) {
            return filterConfig.getInitParameter(name);
        }

        @Override
        public Collection<String> contextParamNames() {
            return Collections.list(filterConfig.getServletContext().getInitParameterNames());
        }

        @Override
        public String contextParam(String name) {
            return filterConfig.getServletContext().getInitParameter(name);
        }
    }
}
