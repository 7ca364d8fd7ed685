package dev.mcpgate.intercept;

import dev.mcpgate.protocol.Era;
import dev.mcpgate.protocol.JsonRpcErrors;
import dev.mcpgate.protocol.McpMethod;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The ordered interceptors of one endpoint, and how a request and its answer run through them.
 *
 * <p>The request phase asks each interceptor in order: {@code proceed} and {@code delay} (after the
 * wait) go on with the same request, {@code modify} goes on with the new params, {@code block} and
 * {@code mock} stop the chain. The response phase asks, in reverse order, the interceptors that
 * {@linkplain McpInterceptor#wantsResponse wanted the answer}; each sees what the one before it made
 * of the answer.
 *
 * <p>An interceptor that throws is skipped (fail-open: counted, logged at most once a minute per
 * interceptor) unless it declares itself {@linkplain McpInterceptor#failClosed() fail-closed}: then the
 * request is refused with a JSON-RPC internal error ({@code -32603}, HTTP 500), or its answer replaced
 * by one. A modification of {@code params.name} or {@code params.uri} of a 2026-07-28 request (whose
 * {@code Mcp-Name} header must match the body) counts as such a failure. Thread-safe; immutable but for
 * its counters.
 */
public final class InterceptorChain {

    /** The chain without interceptors: the filter then touches nothing of this package per request. */
    public static final InterceptorChain EMPTY = new InterceptorChain(List.of(), Sleeper.THREAD);

    private static final Logger LOG = System.getLogger(InterceptorChain.class.getName());
    private static final long LOG_EVERY_NANOS = Duration.ofMinutes(1).toNanos();
    private static final String NAME = "name";
    private static final String URI = "uri";

    private final McpInterceptor[] interceptors;
    private final Sleeper sleeper;
    private final AtomicLong failures = new AtomicLong();
    /** Per interceptor: when its last failure was logged ({@link System#nanoTime()}). */
    private final Map<String, Long> lastLogged = new ConcurrentHashMap<>();

    /** How a delay waits; the filter's waits on the request thread. */
    @FunctionalInterface
    public interface Sleeper {
        /** Waits on the request thread; an interrupt ends the wait early (the flag is kept). */
        Sleeper THREAD = duration -> {
            try {
                Thread.sleep(duration.toMillis(), duration.toNanosPart() % 1_000_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };

        void sleep(Duration duration);
    }

    /**
     * @param interceptors in chain order (the first sees a request first)
     * @param sleeper      how a {@code delay} verdict waits
     */
    public InterceptorChain(List<? extends McpInterceptor> interceptors, Sleeper sleeper) {
        this.interceptors = interceptors.toArray(McpInterceptor[]::new);
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    }

    /** A chain that waits on the request thread for a {@code delay}. */
    public static InterceptorChain of(List<? extends McpInterceptor> interceptors) {
        return interceptors.isEmpty() ? EMPTY : new InterceptorChain(interceptors, Sleeper.THREAD);
    }

    /** Whether no interceptor is installed: the filter then runs nothing per request. */
    public boolean isEmpty() {
        return interceptors.length == 0;
    }

    /** The interceptors in chain order. */
    public List<McpInterceptor> interceptors() {
        return List.of(interceptors);
    }

    /** How often an interceptor threw (request phase, {@code wantsResponse} and response phase together). */
    public long failures() {
        return failures.get();
    }

    /**
     * Runs the request phase.
     *
     * @return what the filter does with the request: the final verdict (block or mock) or the params the
     *         server sees, and the interceptors whose response phase runs on the answer
     */
    public RequestPhase onRequest(InterceptedRequest request) {
        InterceptedRequest current = request;
        String modifiedBy = null;
        for (McpInterceptor interceptor : interceptors) {
            RequestVerdict verdict = ask(interceptor, current);
            switch (verdict.action()) {
                case BLOCK, MOCK -> {
                    return new RequestPhase(named(verdict, interceptor), current == request ? null : current.params(),
                            modifiedBy, current, List.of());
                }
                case MODIFY -> {
                    current = new ModifiedRequest(request, verdict.params());
                    modifiedBy = ruleOf(verdict, interceptor);
                }
                case DELAY -> sleeper.sleep(verdict.delay());
                case PROCEED -> {
                    // the next one decides
                }
            }
        }
        return new RequestPhase(null, current == request ? null : current.params(), modifiedBy, current,
                responders(current));
    }

    /** One interceptor's verdict; a failure is fail-open ({@code proceed}) or fail-closed (a 500). */
    private RequestVerdict ask(McpInterceptor interceptor, InterceptedRequest request) {
        try {
            RequestVerdict verdict = Objects.requireNonNull(interceptor.onRequest(request), "verdict");
            if (verdict.action() == RequestVerdict.Action.MODIFY) {
                checkModification(request, verdict.params());
            }
            return verdict;
        } catch (RuntimeException | LinkageError e) {
            failed(interceptor, "request", e);
            return interceptor.failClosed() ? RequestVerdict.block(safeName(interceptor), 500,
                    internalError(interceptor), Map.of()) : RequestVerdict.proceed();
        }
    }

    /**
     * The target of a request, taken from the member its method names: {@code params.name} for
     * {@code tools/call} and {@code prompts/get}, {@code params.uri} for {@code resources/read},
     * {@code resources/subscribe} and {@code resources/unsubscribe} (never the other member: a
     * {@code resources/read} with a decoy {@code name} must not hide its {@code uri} from a rule).
     * {@code null} for a method without a target, and when that member is absent or not a string: then
     * no {@code tool}/{@code prompt}/{@code resource} condition of a rule matches it, and
     * {@code default: deny} refuses it.
     *
     * @param method the MCP method of the request
     * @param params the request's params (an empty object when absent)
     * @return the tool or prompt name or the resource URI, or {@code null}
     */
    public static String targetOf(String method, JsonObject params) {
        String member = switch (McpMethod.of(method).targetKind()) {
            case TOOL, PROMPT -> NAME;
            case RESOURCE -> URI;
            case NONE -> null;
        };
        return member != null && params.get(member) instanceof JsonString text ? text.getString() : null;
    }

    /** A 2026-07-28 request's target is named by its {@code Mcp-Name} header too: it cannot change. */
    private static void checkModification(InterceptedRequest request, JsonObject params) {
        if (request.era() != Era.MODERN) {
            return;
        }
        JsonObject before = request.params();
        for (String member : new String[] {NAME, URI}) {
            if (!Objects.equals(before.get(member), params.get(member))) {
                throw new IllegalStateException("an interceptor may not change params." + member
                        + " of a 2026-07-28 request (its Mcp-Name header must match the body)");
            }
        }
    }

    /** The interceptors that want the answer to this request, in chain order. */
    private List<McpInterceptor> responders(InterceptedRequest request) {
        List<McpInterceptor> wanting = null;
        for (McpInterceptor interceptor : interceptors) {
            boolean wants;
            try {
                wants = interceptor.wantsResponse(request);
            } catch (RuntimeException | LinkageError e) {
                failed(interceptor, "wantsResponse", e);
                wants = interceptor.failClosed(); // a fail-closed one gets to refuse the answer
            }
            if (wants) {
                if (wanting == null) {
                    wanting = new ArrayList<>(2);
                }
                wanting.add(interceptor);
            }
        }
        return wanting == null ? List.of() : wanting;
    }

    /**
     * Runs the response phase over {@code responders} (from {@link RequestPhase#responders()}), last first.
     *
     * @return {@link ResponseVerdict#proceed()} when the answer stays as it is; else the result or error
     *         the client sees, named by the rule of the last interceptor that changed it
     */
    public ResponseVerdict onResponse(InterceptedRequest request, List<McpInterceptor> responders,
            InterceptedResponse response) {
        InterceptedResponse current = response;
        ResponseVerdict last = ResponseVerdict.proceed();
        for (int i = responders.size() - 1; i >= 0; i--) {
            McpInterceptor interceptor = responders.get(i);
            ResponseVerdict verdict = answer(interceptor, request, current);
            if (verdict.action() != ResponseVerdict.Action.PROCEED) {
                last = new ResponseVerdict(verdict.action(), ruleOf(verdict.rule(), interceptor), verdict.result(),
                        verdict.error());
                current = new ChangedResponse(response.status(), response.streamed(), verdict.result(),
                        verdict.error());
            }
        }
        return last;
    }

    private ResponseVerdict answer(McpInterceptor interceptor, InterceptedRequest request,
            InterceptedResponse response) {
        try {
            return Objects.requireNonNull(interceptor.onResponse(request, response), "verdict");
        } catch (RuntimeException | LinkageError e) {
            failed(interceptor, "response", e);
            return interceptor.failClosed() ? ResponseVerdict.replaceWithError(safeName(interceptor),
                    internalError(interceptor)) : ResponseVerdict.proceed();
        }
    }

    /** The verdict with its rule named: the interceptor's name when it gave none. */
    private static RequestVerdict named(RequestVerdict verdict, McpInterceptor interceptor) {
        if (verdict.rule() != null) {
            return verdict;
        }
        return new RequestVerdict(verdict.action(), safeName(interceptor), verdict.params(), verdict.result(),
                verdict.status(), verdict.error(), verdict.headers(), verdict.delay());
    }

    private static JsonObject internalError(McpInterceptor interceptor) {
        return RequestVerdict.error(JsonRpcErrors.INTERNAL_ERROR, "Internal error: the request could not be checked",
                null);
    }

    private static String ruleOf(RequestVerdict verdict, McpInterceptor interceptor) {
        return ruleOf(verdict.rule(), interceptor);
    }

    private static String ruleOf(String rule, McpInterceptor interceptor) {
        return rule != null ? rule : safeName(interceptor);
    }

    /** Counts a failure; logs it unless this interceptor's last one was logged less than a minute ago. */
    private void failed(McpInterceptor interceptor, String phase, Throwable e) {
        failures.incrementAndGet();
        String name = safeName(interceptor);
        long now = System.nanoTime();
        boolean[] due = {false};
        lastLogged.compute(name, (key, before) -> {
            due[0] = before == null || now - before >= LOG_EVERY_NANOS;
            return due[0] ? now : before;
        });
        if (due[0]) {
            LOG.log(Level.WARNING, "McpGate interceptor " + name + " failed in its " + phase + " phase; "
                    + (interceptor.failClosed() ? "the request is refused (fail-closed)"
                            : "it is skipped (fail-open)") + ". Further failures of it are logged at most once a minute",
                    e);
        }
    }

    private static String safeName(McpInterceptor interceptor) {
        try {
            return interceptor.name();
        } catch (RuntimeException e) {
            return interceptor.getClass().getName();
        }
    }

    /**
     * What the request phase decided.
     *
     * @param verdict    the block or mock that stopped the chain, or {@code null} when the server sees the request
     * @param params     the params the server sees when an interceptor changed them, else {@code null}
     * @param modifiedBy the rule of the last modification, or {@code null}
     * @param request    the request as the last interceptor saw it (the response phase sees it too)
     * @param responders the interceptors whose response phase runs, in chain order (empty after a stop)
     */
    public record RequestPhase(RequestVerdict verdict, JsonObject params, String modifiedBy,
            InterceptedRequest request, List<McpInterceptor> responders) {

        /** Whether an interceptor answered or refused the request: the server never sees it. */
        public boolean stopped() {
            return verdict != null;
        }

        /** Whether the server sees other params than the client sent. */
        public boolean modified() {
            return params != null;
        }
    }

    /** The request with new params, as the interceptors after a modification see it. */
    private record ModifiedRequest(InterceptedRequest original, JsonObject params) implements InterceptedRequest {

        @Override
        public String method() {
            return original.method();
        }

        @Override
        public JsonValue id() {
            return original.id();
        }

        @Override
        public String target() {
            return targetOf(original.method(), params); // the server reads the modified params
        }

        @Override
        public Era era() {
            return original.era();
        }

        @Override
        public String protocolVersion() {
            return original.protocolVersion();
        }

        @Override
        public String sessionId() {
            return original.sessionId();
        }

        @Override
        public String principal() {
            return original.principal();
        }

        @Override
        public boolean isInRole(String role) {
            return original.isInRole(role);
        }

        @Override
        public dev.mcpgate.protocol.ClientIdentity client() {
            return original.client();
        }

        @Override
        public String endpoint() {
            return original.endpoint();
        }

        @Override
        public java.util.Optional<String> header(String name) {
            return original.header(name);
        }

        @Override
        public Map<String, Object> attributes() {
            return original.attributes();
        }
    }

    /** The answer as an earlier response-phase step left it. */
    private record ChangedResponse(int status, boolean streamed, JsonObject result, JsonObject error)
            implements InterceptedResponse {
    }
}
