package dev.mcpgate.trace;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * The spans of the exchanges at one endpoint, made with the OpenTelemetry API: a {@code SERVER} span
 * per exchange, with the attributes the MCP conventions give a server span.
 *
 * <p><b>Parent.</b> As the conventions say: the context in {@code params._meta} (the client's MCP
 * span) when there is one, with the transport's context as a link; else the transport's context:
 * the span current on the request thread (an OpenTelemetry agent's HTTP server span), else the W3C
 * {@code traceparent}/{@code tracestate} request headers. Both are read with the W3C Trace Context
 * format whatever propagators the application configured, because that is the format the
 * specification prescribes for {@code _meta}.
 *
 * <p><b>Which OpenTelemetry.</b> The one given (tests, an application that hands its own), else the
 * global one, looked up until an SDK or agent has registered it (so an application that sets it up
 * after the filter started is still traced; asked at most every {@link GlobalRegistration#RECHECK}, not
 * under the API's lock at each exchange); until then spans are no-ops that carry
 * the parent's context on. The global one is never fixed by this class: {@link GlobalOpenTelemetry#get()}
 * before an application's {@code set} would make that {@code set} fail.
 */
final class OtelExchangeTracer implements ExchangeTracer {

    /** The instrumentation scope of McpGate's spans. */
    static final String SCOPE = "dev.mcpgate";
    private static final boolean API_HAS_IS_SET = apiHasIsSet(GlobalOpenTelemetry.class);

    static final AttributeKey<String> MCP_METHOD = AttributeKey.stringKey("mcp.method.name");
    static final AttributeKey<String> TOOL_NAME = AttributeKey.stringKey("gen_ai.tool.name");
    static final AttributeKey<String> PROMPT_NAME = AttributeKey.stringKey("gen_ai.prompt.name");
    static final AttributeKey<String> RESOURCE_URI = AttributeKey.stringKey("mcp.resource.uri");
    static final AttributeKey<String> OPERATION = AttributeKey.stringKey("gen_ai.operation.name");
    static final AttributeKey<String> REQUEST_ID = AttributeKey.stringKey("jsonrpc.request.id");
    static final AttributeKey<String> NETWORK_TRANSPORT = AttributeKey.stringKey("network.transport");
    static final AttributeKey<String> NETWORK_PROTOCOL = AttributeKey.stringKey("network.protocol.name");
    static final AttributeKey<String> NETWORK_VERSION = AttributeKey.stringKey("network.protocol.version");
    static final AttributeKey<String> CLIENT_ADDRESS = AttributeKey.stringKey("client.address");
    static final AttributeKey<Long> CLIENT_PORT = AttributeKey.longKey("client.port");
    static final AttributeKey<String> HTTP_METHOD = AttributeKey.stringKey("http.request.method");

    /** Spans that record nothing and carry their parent's context on, while no OpenTelemetry is registered. */
    private static final Tracer UNREGISTERED = OpenTelemetry.noop().getTracer(SCOPE);
    private static final TextMapGetter<TraceStart> HEADERS = new Getter(true);
    private static final TextMapGetter<TraceStart> META = new Getter(false);

    private final OpenTelemetry given;
    private final UnaryOperator<String> sessionIds;
    private volatile Tracer tracer;
    /** Whether the global one is registered; not asked of the API at every exchange (its lock). */
    private final GlobalRegistration global = new GlobalRegistration(OtelExchangeTracer::globalIsSet, System::nanoTime);

    /**
     * @param given      the OpenTelemetry to use, or {@code null} for the global one
     * @param sessionIds how {@code mcp.session.id} shows a session id ({@code log-session-ids})
     */
    OtelExchangeTracer(OpenTelemetry given, UnaryOperator<String> sessionIds) {
        this.given = given;
        this.sessionIds = sessionIds;
        this.tracer = given == null ? null : tracerOf(given);
    }

    /** The tracer of the global OpenTelemetry; called only once the API is known to be on the class path. */
    static ExchangeTracer global(UnaryOperator<String> sessionIds) {
        return new OtelExchangeTracer(null, sessionIds);
    }

    @Override
    public boolean isOn() {
        return true;
    }

    @Override
    public boolean recording() {
        return tracer != null || global.isSet();
    }

    @Override
    public ExchangeTrace start(TraceStart request) {
        Context ambient = Context.current();
        Context transport = transportContext(ambient, request);
        Context parent = transport;
        SpanContext link = null;
        if (request.metaTraceparent() != null) {
            Context meta = W3CTraceContextPropagator.getInstance().extract(ambient, request, META);
            SpanContext fromMeta = Span.fromContext(meta).getSpanContext();
            if (fromMeta.isValid() && !fromMeta.equals(Span.fromContext(ambient).getSpanContext())) {
                parent = meta;
                link = Span.fromContext(transport).getSpanContext();
            }
        }
        SpanBuilder builder = tracer().spanBuilder(McpSpans.name(request.httpMethod(), request.mcpMethod(),
                        request.targetKind(), request.target()))
                .setSpanKind(SpanKind.SERVER)
                .setParent(parent)
                .setStartTimestamp(request.startEpochNanos(), TimeUnit.NANOSECONDS);
        if (link != null && link.isValid()) {
            builder.addLink(link);
        }
        attributes(builder, request);
        Span span = builder.startSpan();
        return new OtelExchangeTrace(span, parent.with(span), sessionIds);
    }

    /** The span the transport carries: the ambient one (an agent's HTTP span), else the request headers'. */
    private static Context transportContext(Context ambient, TraceStart request) {
        if (Span.fromContext(ambient).getSpanContext().isValid() || request.headerTraceparent() == null) {
            return ambient;
        }
        return W3CTraceContextPropagator.getInstance().extract(ambient, request, HEADERS);
    }

    /** What the request says, set before the span starts so that a sampler sees it. */
    private static void attributes(SpanBuilder builder, TraceStart request) {
        if (request.mcpMethod() != null) {
            builder.setAttribute(MCP_METHOD, request.mcpMethod());
        }
        String target = request.target();
        if (target != null) {
            switch (request.targetKind()) {
                case TOOL -> builder.setAttribute(TOOL_NAME, target).setAttribute(OPERATION, "execute_tool");
                case PROMPT -> builder.setAttribute(PROMPT_NAME, target);
                case RESOURCE -> builder.setAttribute(RESOURCE_URI, target);
                case NONE -> { }
            }
        }
        if (request.jsonRpcId() != null) {
            builder.setAttribute(REQUEST_ID, request.jsonRpcId());
        }
        builder.setAttribute(NETWORK_TRANSPORT, "tcp").setAttribute(NETWORK_PROTOCOL, "http");
        if (request.httpVersion() != null) {
            builder.setAttribute(NETWORK_VERSION, request.httpVersion());
        }
        if (request.clientAddress() != null) {
            builder.setAttribute(CLIENT_ADDRESS, request.clientAddress());
            if (request.clientPort() > 0) {
                builder.setAttribute(CLIENT_PORT, (long) request.clientPort());
            }
        }
        if (request.httpMethod() != null) {
            builder.setAttribute(HTTP_METHOD, request.httpMethod());
        }
    }

    private Tracer tracer() {
        Tracer current = tracer;
        if (current != null) {
            return current;
        }
        if (!global.isSet()) {
            return UNREGISTERED; // not kept: an SDK may register later
        }
        current = tracerOf(GlobalOpenTelemetry.get());
        tracer = current;
        return current;
    }

    /**
     * Whether an OpenTelemetry is registered globally. {@code GlobalOpenTelemetry.isSet()} came with a
     * later API than some servers ship: Payara Micro 6 gives its applications its own, older API (its
     * MicroProfile Telemetry), whatever the WAR bundles. Such a server registers its global at boot, so
     * without {@code isSet()} the global is taken as registered.
     */
    private static boolean globalIsSet() {
        return !API_HAS_IS_SET || GlobalOpenTelemetry.isSet();
    }

    /** Whether the API the filter sees has {@code GlobalOpenTelemetry.isSet()}; looked up once. */
    static boolean apiHasIsSet(Class<?> global) {
        try {
            return global.getMethod("isSet").getReturnType() == boolean.class;
        } catch (NoSuchMethodException | SecurityException e) {
            return false;
        }
    }

    private static Tracer tracerOf(OpenTelemetry openTelemetry) {
        String version = OtelExchangeTracer.class.getPackage().getImplementationVersion();
        return version == null ? openTelemetry.getTracer(SCOPE) : openTelemetry.getTracer(SCOPE, version);
    }

    /** Reads {@code traceparent} and {@code tracestate} from the request headers or from {@code _meta}. */
    private static final class Getter implements TextMapGetter<TraceStart> {
        private final boolean headers;

        Getter(boolean headers) {
            this.headers = headers;
        }

        @Override
        public Iterable<String> keys(TraceStart carrier) {
            return List.of("traceparent", "tracestate");
        }

        @Override
        public String get(TraceStart carrier, String key) {
            if (carrier == null) {
                return null;
            }
            return switch (key) {
                case "traceparent" -> headers ? carrier.headerTraceparent() : carrier.metaTraceparent();
                case "tracestate" -> headers ? carrier.headerTracestate() : carrier.metaTracestate();
                default -> null;
            };
        }
    }
}
