package dev.mcpgate.rules;

import dev.mcpgate.intercept.Approvals;
import dev.mcpgate.intercept.InterceptedRequest;
import dev.mcpgate.intercept.InterceptedResponse;
import dev.mcpgate.intercept.McpInterceptor;
import dev.mcpgate.intercept.RateLimiter;
import dev.mcpgate.intercept.RequestVerdict;
import dev.mcpgate.intercept.ResponseVerdict;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonPatch;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The rules file as an interceptor. Request phase: deny (JSON-RPC error -32001), {@code default: deny}, then the matching
 * rules' other actions in file order: a rate limit over its count refuses (429 with {@code Retry-After}),
 * a hold waits for an operator, a delay waits, a rewrite patches the params, a mock answers. Response
 * phase: list answers lose the items the caller may not call, and {@code resultPatch} rewrites results.
 *
 * <p>Fail-closed: the rules are the operator's access control, so a failure here refuses the request
 * rather than letting it past a deny rule.
 */
public final class RulesInterceptor implements McpInterceptor {

    /**
     * HTTP status of a denied request: 200, the JSON-RPC error says it. Not 403: MCP clients take a 403
     * for an authorization failure (the Java SDK throws its authorization exception without the message;
     * 2025-11-25 clients may start a step-up authorization), while this is the operator's policy.
     */
    public static final int DENIED_STATUS = 200;
    /** JSON-RPC code of a denied request (as the approvals' denial). */
    public static final int DENIED_CODE = -32001;
    /** HTTP status of a call over a rate limit. */
    public static final int LIMITED_STATUS = 429;
    /** JSON-RPC code of a call over a rate limit, and of a hold without an approvals service. */
    public static final int SERVER_ERROR_CODE = -32000;

    private static final System.Logger LOG = System.getLogger(RulesInterceptor.class.getName());

    private final Supplier<RuleSet> rules;
    private final RateLimiter limiter;
    private final Approvals approvals;
    private final Duration holdTimeout;
    private final LongSupplier nanoTime;
    private final Waiter waiter;

    /** Waits on the request thread (a rule's delay combined with another action); a seam for tests. */
    @FunctionalInterface
    public interface Waiter {
        void await(Duration duration);
    }

    /**
     * @param rules       the rules in force (read on every request: a reload takes effect at once)
     * @param limiter     the rate limiter, or {@code null} when none is installed (a rate-limit rule then refuses)
     * @param approvals   the approvals service, or {@code null} (a hold rule then refuses)
     * @param holdTimeout a hold rule's timeout when it gives none
     */
    public RulesInterceptor(Supplier<RuleSet> rules, RateLimiter limiter, Approvals approvals, Duration holdTimeout) {
        this(rules, limiter, approvals, holdTimeout, System::nanoTime, RulesInterceptor::sleep);
    }

    RulesInterceptor(Supplier<RuleSet> rules, RateLimiter limiter, Approvals approvals, Duration holdTimeout,
            LongSupplier nanoTime, Waiter waiter) {
        this.rules = rules;
        this.limiter = limiter;
        this.approvals = approvals;
        this.holdTimeout = holdTimeout;
        this.nanoTime = nanoTime;
        this.waiter = waiter;
    }

    @Override
    public String name() {
        return "rules";
    }

    @Override
    public boolean failClosed() {
        return true;
    }

    @Override
    public RequestVerdict onRequest(InterceptedRequest request) {
        RuleSet set = rules.get();
        if (set.isEmpty()) {
            return RequestVerdict.proceed();
        }
        RuleEvaluator.Matched matched = RuleEvaluator.match(set, request);
        RequestVerdict denial = denial(matched, request);
        if (denial != null) {
            return denial;
        }
        return matched.actions().isEmpty() ? RequestVerdict.proceed() : apply(set, request, matched);
    }

    /** The refusal by a deny rule or by {@code default: deny}, or {@code null} when neither refuses. */
    private static RequestVerdict denial(RuleEvaluator.Matched matched, InterceptedRequest request) {
        if (matched.deny() != null) {
            Rule rule = matched.deny();
            String why = ((RuleAction.Deny) rule.action()).message();
            return denied(rule.name(), why != null ? why
                    : describe(request) + " is not allowed by rule \"" + rule.name() + "\"");
        }
        if (matched.deniedByDefault()) {
            return denied(RuleEvaluator.DEFAULT_RULE, describe(request) + " is not allowed (no rule allows it)");
        }
        return null;
    }

    /** The other actions of the matching rules, in file order. */
    private RequestVerdict apply(RuleSet set, InterceptedRequest request, RuleEvaluator.Matched matched) {
        Duration delay = Duration.ZERO;
        String delayRule = null;
        JsonObject params = request.params();
        String modifiedBy = null;
        for (Rule rule : matched.actions()) {
            RequestVerdict stop = null;
            if (rule.action() instanceof RuleAction.RateLimit limit) {
                stop = rateLimit(rule.name(), limit, request);
            } else if (rule.action() instanceof RuleAction.Hold hold) {
                stop = hold(rule.name(), hold, request, set.version());
            } else if (rule.action() instanceof RuleAction.Delay d) {
                delay = delay.plus(d.duration());
                delayRule = delayRule == null ? rule.name() : delayRule;
            } else if (rule.action() instanceof RuleAction.Rewrite rewrite && rewrite.patch() != null) {
                JsonObject patched = patch(rule.name(), rewrite.patch(), params);
                modifiedBy = patched != params && modifiedBy == null ? rule.name() : modifiedBy;
                params = patched;
            } else if (rule.action() instanceof RuleAction.Mock mock) {
                stop = mock.result() != null ? RequestVerdict.mock(rule.name(), mock.result())
                        : RequestVerdict.mockError(rule.name(), mock.error());
            }
            if (stop != null && stop.action() != RequestVerdict.Action.PROCEED) {
                return waitThen(delay, stop);
            }
        }
        if (modifiedBy != null) {
            return waitThen(delay, RequestVerdict.modify(modifiedBy, params));
        }
        return delay.isZero() ? RequestVerdict.proceed() : RequestVerdict.delay(delayRule, delay);
    }

    /** A verdict after the delays of earlier rules (waited here: one verdict cannot carry both). */
    private RequestVerdict waitThen(Duration delay, RequestVerdict verdict) {
        if (!delay.isZero() && verdict.action() != RequestVerdict.Action.BLOCK) {
            waiter.await(delay);
        }
        return verdict;
    }

    private RequestVerdict rateLimit(String rule, RuleAction.RateLimit limit, InterceptedRequest request) {
        if (limiter == null) {
            return RequestVerdict.block(rule, 503, RequestVerdict.error(SERVER_ERROR_CODE,
                    "No rate limiter is installed for rule \"" + rule + "\"", null), Map.of());
        }
        // the limiter's overflow cell is per key prefix (before the first '|'): the rule's name, '|' encoded
        String key = limiterName(rule) + '|' + limit.key().word() + '|' + limit.key().valueOf(request);
        Duration wait = limiter.take(key, limit.rate(), limit.per(), limit.burst(), nanoTime.getAsLong());
        if (wait.isZero() || wait.isNegative()) {
            return null;
        }
        long seconds = Math.max(1, wait.toSeconds() + (wait.toNanosPart() > 0 ? 1 : 0));
        return RequestVerdict.block(rule, LIMITED_STATUS, RequestVerdict.error(SERVER_ERROR_CODE,
                "Rate limit of rule \"" + rule + "\" exceeded (" + limit.rate() + " per " + limit.per()
                        + "); retry after " + seconds + " s",
                jakarta.json.Json.createObjectBuilder().add("rule", rule).add("retryAfter", seconds).build()),
                Map.of("Retry-After", Long.toString(seconds)));
    }

    /** A rule's name as the first part of a limiter key: without {@code |} (and so without ambiguity). */
    private static String limiterName(String rule) {
        return rule.indexOf('|') < 0 && rule.indexOf('%') < 0 ? rule : rule.replace("%", "%25").replace("|", "%7C");
    }

    private RequestVerdict hold(String rule, RuleAction.Hold hold, InterceptedRequest request, String version) {
        if (approvals == null) {
            return RequestVerdict.block(rule, 503, RequestVerdict.error(SERVER_ERROR_CODE,
                    "No approvals service is installed for rule \"" + rule + "\"", null), Map.of());
        }
        RequestVerdict decided = approvals.hold(request, rule, version,
                hold.timeout() == null ? holdTimeout : hold.timeout());
        return decided.action() == RequestVerdict.Action.PROCEED ? afterApproval(rule, request, version) : decided;
    }

    /**
     * An approved call, judged again by the rules in force now (the operator may have changed them while it
     * waited): unchanged, it goes on; a deny (or {@code default: deny}) of the new rules refuses it; any other
     * change refuses it too, since the approval was given under the old rules — the client is asked to retry,
     * and the retry meets the new rules (and a new hold if they still hold it).
     */
    private RequestVerdict afterApproval(String rule, InterceptedRequest request, String approvedVersion) {
        RuleSet now = rules.get();
        if (java.util.Objects.equals(now.version(), approvedVersion)) {
            return RequestVerdict.proceed();
        }
        RequestVerdict denial = denial(RuleEvaluator.match(now, request), request);
        if (denial != null) {
            return denial;
        }
        return RequestVerdict.block(rule, DENIED_STATUS, RequestVerdict.error(SERVER_ERROR_CODE, describe(request)
                + " was approved under rules that changed while it waited (rule \"" + rule + "\"): the approval "
                + "does not cover the rules in force now; retry the call",
                jakarta.json.Json.createObjectBuilder().add("rule", rule).add("decision", "rules_changed").build()),
                Map.of());
    }

    /** The patched params, or the same params when the patch does not apply (its test fails, a path is missing). */
    private static JsonObject patch(String rule, JsonPatch patch, JsonObject target) {
        try {
            return patch.apply(target);
        } catch (JsonException | ClassCastException e) {
            LOG.log(Level.DEBUG, () -> "Rule " + rule + ": patch does not apply, unchanged: " + e.getMessage());
            return target;
        }
    }

    private static RequestVerdict denied(String rule, String message) {
        return RequestVerdict.block(rule, DENIED_STATUS, RequestVerdict.error(DENIED_CODE, message,
                jakarta.json.Json.createObjectBuilder().add("rule", rule).build()), Map.of());
    }

    private static String describe(InterceptedRequest request) {
        return request.target() == null ? request.method() : request.method() + " of \"" + request.target() + "\"";
    }

    @Override
    public boolean wantsResponse(InterceptedRequest request) {
        RuleSet set = rules.get();
        if (set.isEmpty()) {
            return false;
        }
        if (ListKind.of(request.method()) != null && RuleEvaluator.mayHide(set)) {
            return true;
        }
        for (Rule rule : set.rules()) {
            if (resultPatch(rule) != null && matches(rule, request)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public ResponseVerdict onResponse(InterceptedRequest request, InterceptedResponse response) {
        RuleSet set = rules.get();
        JsonObject result = response.result();
        if (set.isEmpty() || result == null) {
            return ResponseVerdict.proceed();
        }
        String by = null;
        ListKind list = ListKind.of(request.method());
        if (list != null && RuleEvaluator.mayHide(set)) {
            JsonObject filtered = RuleEvaluator.filterList(set, request, list, result);
            by = filtered != result ? "list-filter" : null;
            result = filtered;
        }
        for (Rule rule : set.rules()) {
            JsonPatch patch = resultPatch(rule);
            if (patch != null && matches(rule, request)) {
                JsonObject patched = patch(rule.name(), patch, result);
                by = patched != result && by == null ? rule.name() : by;
                result = patched;
            }
        }
        return result == response.result() ? ResponseVerdict.proceed() : ResponseVerdict.modify(by, result);
    }

    private static JsonPatch resultPatch(Rule rule) {
        return rule.action() instanceof RuleAction.Rewrite r ? r.resultPatch() : null;
    }

    private static boolean matches(Rule rule, InterceptedRequest request) {
        return rule.match().matchesCall(request, request.method(), request.target())
                && rule.match().matchesArguments(request.params());
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis(), duration.toNanosPart() % 1_000_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
