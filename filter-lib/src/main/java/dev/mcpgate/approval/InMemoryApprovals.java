package dev.mcpgate.approval;

import dev.mcpgate.event.ApprovalDecided;
import dev.mcpgate.event.ApprovalDecision;
import dev.mcpgate.intercept.Approvals;
import dev.mcpgate.intercept.InterceptedRequest;
import dev.mcpgate.intercept.RequestVerdict;
import dev.mcpgate.schema.CanonicalJson;
import jakarta.json.Json;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The filter's {@link Approvals}: pending holds in memory, bounded; decisions by the admin API; each
 * decision published as an {@link ApprovalDecided} event (the filter offers it to its event queue, so the
 * store writes the {@code mcp_approval} row in the background).
 *
 * <p>A held call waits on its request thread. Identical calls (same {@link ApprovalBinding}) share one hold:
 * a client's retry waits for the same decision and takes no second place. At most {@code maxHolds} holds
 * are pending ({@code approval-max-holds}); one more call to hold is refused at once with HTTP 503 and a
 * JSON-RPC error, so that held threads never exhaust the server's pool. A hold is decided exactly once:
 * approve, deny and the timeout race on one completion, and the loser is told what won.
 *
 * <p>Answers to the client, all with JSON-RPC error code {@value #ERROR_CODE} and {@code data} naming the
 * hold ({@code approval}) and the {@code decision}: denied → HTTP 200 with the error (the operator's reason
 * in the message); not decided in time → HTTP 200 with the error ({@code timed_out}); no room → HTTP 503
 * ({@code refused}). Not 403: MCP clients take a 403 for an authorization failure (the Java SDK 2.1 throws
 * its authorization exception without the message, and may start a new authorization); a decision about
 * one call is a JSON-RPC error of that call, which the client shows with its message.
 */
public final class InMemoryApprovals implements Approvals {

    /** The default most pending holds ({@code approval-max-holds}). */
    public static final int DEFAULT_MAX_HOLDS = 16;
    /** The default wait for a decision ({@code approval-timeout}), when the rule gives none. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);
    /** The JSON-RPC error code of a call refused by an approval (implementation-defined server error range). */
    public static final int ERROR_CODE = -32001;
    /** How many characters of the arguments the admin API shows. */
    public static final int MAX_ARGUMENTS_SHOWN = 2000;
    /** How many decisions are kept in memory for the admin API (the rows keep them all). */
    public static final int RECENT_DECISIONS = 100;

    private static final Logger LOG = System.getLogger(InMemoryApprovals.class.getName());
    private static final SecureRandom IDS = new SecureRandom();

    private final String endpoint;
    private final int maxHolds;
    private final Duration defaultTimeout;
    private final Consumer<? super ApprovalDecided> decisions;
    private final Clock clock;
    private final Map<String, PendingHold> byId = new ConcurrentHashMap<>();
    private final Map<ApprovalBinding, PendingHold> byBinding = new ConcurrentHashMap<>();
    private final ArrayDeque<ApprovalDecided> recent = new ArrayDeque<>();
    private final Object admission = new Object();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong publishFailures = new AtomicLong();

    /**
     * @param endpoint       the endpoint's name (on every decision)
     * @param maxHolds       most pending holds (at least 1)
     * @param defaultTimeout the wait when a rule gives no timeout
     * @param decisions      where decisions go (the filter's event queue); must not block
     * @param clock          the wall clock of the decision times
     */
    public InMemoryApprovals(String endpoint, int maxHolds, Duration defaultTimeout,
            Consumer<? super ApprovalDecided> decisions, Clock clock) {
        if (maxHolds < 1) {
            throw new IllegalArgumentException("approval-max-holds must be at least 1: " + maxHolds);
        }
        if (defaultTimeout == null || defaultTimeout.isNegative() || defaultTimeout.isZero()) {
            throw new IllegalArgumentException("approval-timeout must be positive: " + defaultTimeout);
        }
        this.endpoint = endpoint;
        this.maxHolds = maxHolds;
        this.defaultTimeout = defaultTimeout;
        this.decisions = decisions;
        this.clock = clock;
    }

    @Override
    public RequestVerdict hold(InterceptedRequest request, String rule, String rulesVersion, Duration timeout) {
        Duration wait = timeout == null || timeout.isZero() || timeout.isNegative() ? defaultTimeout : timeout;
        ApprovalBinding binding = ApprovalBinding.of(request, rule, rulesVersion);
        PendingHold hold = admit(binding, request, wait);
        if (hold == null) {
            refused.incrementAndGet();
            return refusal(rule, 503, "Too many calls are waiting for approval (approval-max-holds=" + maxHolds
                    + "); try again later", null, "refused");
        }
        return verdict(rule, await(hold));
    }

    /** The pending holds, oldest first. */
    public List<PendingApproval> pending() {
        List<PendingApproval> list = new ArrayList<>();
        for (PendingHold h : byId.values()) {
            list.add(h.view());
        }
        list.sort(Comparator.comparing(PendingApproval::heldAt).thenComparing(PendingApproval::id));
        return list;
    }

    /** The last {@value #RECENT_DECISIONS} decisions, newest first. */
    public List<ApprovalDecided> recent() {
        synchronized (recent) {
            return new ArrayList<>(recent);
        }
    }

    /**
     * An operator's decision on a pending hold: approve lets every call waiting on it go on, deny refuses
     * them.
     *
     * @param id        the hold's id
     * @param approve   approve, else deny
     * @param decidedBy the operator (the authenticated admin's name)
     * @param reason    optional; a denial's reason reaches the client
     */
    public DecideResult decide(String id, boolean approve, String decidedBy, String reason) {
        PendingHold hold = id == null ? null : byId.get(id);
        if (hold == null) {
            Optional<ApprovalDecided> earlier = recentById(id);
            return earlier.map(d -> new DecideResult(DecideResult.Status.ALREADY_DECIDED, d))
                    .orElseGet(() -> new DecideResult(DecideResult.Status.UNKNOWN, null));
        }
        ApprovalDecided mine = settle(hold, approve ? ApprovalDecision.APPROVED : ApprovalDecision.DENIED,
                decidedBy, reason);
        ApprovalDecided won = hold.outcome.join();
        return new DecideResult(won == mine ? DecideResult.Status.DECIDED : DecideResult.Status.ALREADY_DECIDED, won);
    }

    /** The most pending holds. */
    public int maxHolds() {
        return maxHolds;
    }

    /** Calls refused at once because {@code maxHolds} holds were pending. */
    public long refused() {
        return refused.get();
    }

    /** Admits a hold for the binding: the pending one with it, else a new one if there is room, else null. */
    private PendingHold admit(ApprovalBinding binding, InterceptedRequest request, Duration wait) {
        synchronized (admission) {
            PendingHold hold = byBinding.get(binding);
            if (hold == null || hold.decided.get() != null) { // a decided hold being let go is no longer joined
                if (byId.size() >= maxHolds) {
                    return null;
                }
                Instant now = clock.instant();
                String arguments = CanonicalJson.of(ApprovalBinding.arguments(request.params()));
                hold = new PendingHold(newId(), binding, now, now.plus(wait), System.nanoTime() + wait.toNanos(),
                        request.sessionId(), request.client() == null ? null : request.client().name(),
                        arguments.length() > MAX_ARGUMENTS_SHOWN ? arguments.substring(0, MAX_ARGUMENTS_SHOWN) + "…"
                                : arguments, arguments.length());
                byId.put(hold.id, hold);
                byBinding.put(binding, hold);
            }
            hold.waiters.incrementAndGet();
            return hold;
        }
    }

    /** Waits for the hold's decision until its deadline, then times it out (unless a decision wins the race). */
    private ApprovalDecided await(PendingHold hold) {
        try {
            long left = hold.deadlineNanos - System.nanoTime();
            return hold.outcome.get(Math.max(0, left), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            settle(hold, ApprovalDecision.TIMED_OUT, null, null);
            return hold.outcome.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the server stops: give up waiting; the last waiter ends the hold
            if (hold.waiters.decrementAndGet() == 0) {
                settle(hold, ApprovalDecision.TIMED_OUT, null, "the held request was interrupted");
            }
            return hold.decided.get() == null ? null : hold.outcome.join();
        } catch (ExecutionException e) {
            throw new IllegalStateException("a hold's outcome never fails", e);
        }
    }

    /**
     * Decides the hold if nobody did yet: exactly one caller's decision wins; that caller forgets the hold,
     * remembers and publishes the decision, and only then lets the waiting calls go on.
     *
     * @return the decision this caller made (whether or not it won)
     */
    private ApprovalDecided settle(PendingHold hold, ApprovalDecision decision, String decidedBy, String reason) {
        ApprovalBinding b = hold.binding;
        ApprovalDecided decided = new ApprovalDecided(clock.instant(), endpoint, hold.id, hold.heldAt, b.rule(),
                b.rulesVersion(), b.method(), b.target(), b.caller(), hold.sessionId, b.argumentsDigest(), decision,
                decidedBy, reason, hold.waiters.get());
        if (hold.decided.compareAndSet(null, decided)) { // the row is out before any waiter goes on
            byBinding.remove(b, hold);
            byId.remove(hold.id, hold);
            remember(decided);
            publish(decided);
            hold.outcome.complete(decided);
        }
        return decided;
    }

    private void remember(ApprovalDecided decided) {
        synchronized (recent) {
            recent.addFirst(decided);
            while (recent.size() > RECENT_DECISIONS) {
                recent.removeLast();
            }
        }
    }

    private void publish(ApprovalDecided decided) {
        try {
            decisions.accept(decided);
        } catch (RuntimeException e) { // the decision stands; only its row is lost
            if (publishFailures.getAndIncrement() == 0) {
                LOG.log(Level.WARNING, "McpGate approvals: a decision could not be recorded", e);
            }
        }
    }

    private Optional<ApprovalDecided> recentById(String id) {
        synchronized (recent) {
            return recent.stream().filter(d -> d.holdId().equals(id)).findFirst();
        }
    }

    private static RequestVerdict verdict(String rule, ApprovalDecided decided) {
        if (decided == null) {
            return refusal(rule, 503, "The call held for approval by rule '" + rule + "' was interrupted", null,
                    "interrupted");
        }
        return switch (decided.decision()) {
            case APPROVED -> RequestVerdict.proceed();
            case DENIED -> refusal(rule, 200, "Call denied by an operator (rule '" + rule + "')"
                    + (decided.reason() == null || decided.reason().isBlank() ? "" : ": " + decided.reason()),
                    decided.holdId(), decided.decision().wireName());
            case TIMED_OUT -> refusal(rule, 200, "Call held for approval by rule '" + rule
                    + "' was not approved in time", decided.holdId(), decided.decision().wireName());
        };
    }

    private static RequestVerdict refusal(String rule, int status, String message, String holdId, String decision) {
        var data = Json.createObjectBuilder().add("decision", decision);
        if (holdId != null) {
            data.add("approval", holdId);
        }
        return RequestVerdict.block(rule, status, RequestVerdict.error(ERROR_CODE, message, data.build()), Map.of());
    }

    private static String newId() {
        byte[] bytes = new byte[12];
        IDS.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
