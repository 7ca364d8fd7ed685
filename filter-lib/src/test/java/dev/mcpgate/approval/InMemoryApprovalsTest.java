package dev.mcpgate.approval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mcpgate.event.ApprovalDecided;
import dev.mcpgate.event.ApprovalDecision;
import dev.mcpgate.intercept.RequestVerdict;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InMemoryApprovalsTest {

    private static final Duration LONG = Duration.ofMinutes(1);
    private static final JsonObject ARGS = Json.createObjectBuilder().add("to", "all").add("n", 3).build();

    private final List<ApprovalDecided> rows = new CopyOnWriteArrayList<>();
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private InMemoryApprovals approvals = new InMemoryApprovals("test", 4, LONG, rows::add, Clock.systemUTC());

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void anApprovedCallProceedsAndItsDecisionIsPublishedWithTheOperator() throws Exception {
        Future<RequestVerdict> held = holdInBackground("alice", "send_mail", ARGS, LONG);
        PendingApproval pending = awaitPending(1).get(0);
        assertEquals("alice", pending.binding().caller());
        assertEquals("send_mail", pending.binding().target());
        assertEquals("{\"n\":3,\"to\":\"all\"}", pending.arguments());

        DecideResult result = approvals.decide(pending.id(), true, "bob", "fine");

        assertEquals(DecideResult.Status.DECIDED, result.status());
        assertSame(RequestVerdict.proceed(), held.get(10, TimeUnit.SECONDS));
        assertEquals(1, rows.size());
        ApprovalDecided row = rows.get(0);
        assertEquals(ApprovalDecision.APPROVED, row.decision());
        assertEquals("bob", row.decidedBy());
        assertEquals("fine", row.reason());
        assertEquals("hold-mail", row.rule());
        assertEquals("v1", row.rulesVersion());
        assertEquals(pending.binding().argumentsDigest(), row.argumentsDigest());
        assertTrue(approvals.pending().isEmpty());
        assertEquals(List.of(row), approvals.recent());
    }

    @Test
    void aDeniedCallIsAJsonRpcErrorWithTheOperatorsReasonInAnHttp200() throws Exception {
        Future<RequestVerdict> held = holdInBackground("alice", "send_mail", ARGS, LONG);
        String id = awaitPending(1).get(0).id();

        approvals.decide(id, false, "bob", "not to everyone");

        RequestVerdict verdict = held.get(10, TimeUnit.SECONDS);
        assertEquals(RequestVerdict.Action.BLOCK, verdict.action());
        assertEquals(200, verdict.status());
        assertEquals("hold-mail", verdict.rule());
        assertEquals(InMemoryApprovals.ERROR_CODE, verdict.error().getInt("code"));
        assertTrue(verdict.error().getString("message").endsWith(": not to everyone"), verdict.error().toString());
        assertEquals("denied", verdict.error().getJsonObject("data").getString("decision"));
        assertEquals(id, verdict.error().getJsonObject("data").getString("approval"));
        assertEquals(ApprovalDecision.DENIED, rows.get(0).decision());
    }

    @Test
    void aCallNobodyDecidesTimesOutWithAClearErrorAndARowWithoutOperator() {
        RequestVerdict verdict = approvals.hold(HeldRequest.call("alice", "send_mail", ARGS), "hold-mail", "v1",
                Duration.ofMillis(30));

        assertEquals(200, verdict.status());
        assertEquals("timed_out", verdict.error().getJsonObject("data").getString("decision"));
        assertTrue(verdict.error().getString("message").contains("not approved in time"));
        assertEquals(1, rows.size());
        assertEquals(ApprovalDecision.TIMED_OUT, rows.get(0).decision());
        assertNull(rows.get(0).decidedBy());
        assertTrue(approvals.pending().isEmpty());
    }

    @Test
    void withoutARuleTimeoutTheConfiguredDefaultApplies() {
        approvals = new InMemoryApprovals("test", 4, Duration.ofMillis(20), rows::add, Clock.systemUTC());
        RequestVerdict verdict = approvals.hold(HeldRequest.call("alice", "t", ARGS), "r", "v1", null);
        assertEquals("timed_out", verdict.error().getJsonObject("data").getString("decision"));
    }

    @Test
    void theBindingIsCallerToolCanonicalArgumentsRuleAndRulesVersion() {
        JsonObject reordered = Json.createObjectBuilder().add("n", 3).add("to", "all").build();
        JsonObject other = Json.createObjectBuilder().add("n", 4).add("to", "all").build();
        ApprovalBinding base = ApprovalBinding.of(HeldRequest.call("alice", "send_mail", ARGS), "r", "v1");

        assertEquals(base, ApprovalBinding.of(HeldRequest.call("alice", "send_mail", reordered), "r", "v1"));
        assertNotEquals(base, ApprovalBinding.of(HeldRequest.call("alice", "send_mail", other), "r", "v1"));
        assertNotEquals(base, ApprovalBinding.of(HeldRequest.call("carol", "send_mail", ARGS), "r", "v1"));
        assertNotEquals(base, ApprovalBinding.of(HeldRequest.call("alice", "send_sms", ARGS), "r", "v1"));
        assertNotEquals(base, ApprovalBinding.of(HeldRequest.call("alice", "send_mail", ARGS), "r", "v2"));
        assertEquals("session:s-1", ApprovalBinding.of(HeldRequest.call(null, "t", ARGS), "r", "v1").caller());
        assertEquals(64, base.argumentsDigest().length());
    }

    @Test
    void aCallerWithoutPrincipalAndSessionIsNeverBoundByTheClientNameItChose() {
        ApprovalBinding mine = ApprovalBinding.of(HeldRequest.anonymous("claude-code", "send_mail", ARGS), "r", "v1");
        ApprovalBinding theirs = ApprovalBinding.of(HeldRequest.anonymous("claude-code", "send_mail", ARGS), "r", "v1");
        assertNotEquals(mine, theirs, "another anonymous caller naming the same client would join (and be "
                + "approved with) this caller's hold");
        assertTrue(mine.caller().startsWith("client:claude-code#"), mine.caller());
    }

    @Test
    void argumentsLongerThanShownAreMarkedTruncatedWithTheirFullLength() throws Exception {
        JsonObject big = Json.createObjectBuilder().add("body", "x".repeat(5000)).build();
        Future<RequestVerdict> held = holdInBackground("alice", "send_mail", big, LONG);
        Future<RequestVerdict> small = holdInBackground("carol", "send_mail", ARGS, LONG);
        List<PendingApproval> pending = awaitPending(2);
        PendingApproval cut = pending.stream().filter(p -> p.binding().caller().equals("alice")).findFirst().orElseThrow();
        PendingApproval whole = pending.stream().filter(p -> p.binding().caller().equals("carol")).findFirst().orElseThrow();
        assertTrue(cut.argumentsTruncated(), "the operator must be told they do not see all they approve");
        assertEquals(5011, cut.argumentsLength(), "{\"body\":\"x…x\"}");
        assertEquals(InMemoryApprovals.MAX_ARGUMENTS_SHOWN + 1, cut.arguments().length());
        assertFalse(whole.argumentsTruncated());
        assertEquals(whole.arguments().length(), whole.argumentsLength());
        approvals.decide(cut.id(), false, "bob", null);
        approvals.decide(whole.id(), false, "bob", null);
        held.get(10, TimeUnit.SECONDS);
        small.get(10, TimeUnit.SECONDS);
    }

    @Test
    void identicalCallsShareOneHoldAndOneDecision() throws Exception {
        Future<RequestVerdict> first = holdInBackground("alice", "send_mail", ARGS, LONG);
        awaitPending(1);
        Future<RequestVerdict> retry = holdInBackground("alice", "send_mail", ARGS, LONG);
        poll(() -> approvals.pending().get(0).waiters() == 2);
        assertEquals(1, approvals.pending().size());

        approvals.decide(approvals.pending().get(0).id(), true, "bob", null);

        assertSame(RequestVerdict.proceed(), first.get(10, TimeUnit.SECONDS));
        assertSame(RequestVerdict.proceed(), retry.get(10, TimeUnit.SECONDS));
        assertEquals(1, rows.size());
        assertEquals(2, rows.get(0).waiters());
    }

    @Test
    void beyondMaxHoldsACallIsRefusedAtOnceWith503() throws Exception {
        approvals = new InMemoryApprovals("test", 2, LONG, rows::add, Clock.systemUTC());
        holdInBackground("alice", "a", ARGS, LONG);
        holdInBackground("alice", "b", ARGS, LONG);
        awaitPending(2);

        RequestVerdict third = approvals.hold(HeldRequest.call("alice", "c", ARGS), "r", "v1", LONG);

        assertEquals(503, third.status());
        assertEquals("refused", third.error().getJsonObject("data").getString("decision"));
        assertTrue(third.error().getString("message").contains("approval-max-holds=2"));
        assertEquals(1, approvals.refused());
        assertEquals(2, approvals.pending().size());
        assertTrue(rows.isEmpty(), "a refusal at the door is no decision");
    }

    @Test
    void aSecondDecisionIsToldTheFirstAndAnUnknownIdIsUnknown() throws Exception {
        Future<RequestVerdict> held = holdInBackground("alice", "send_mail", ARGS, LONG);
        String id = awaitPending(1).get(0).id();
        approvals.decide(id, true, "bob", null);
        held.get(10, TimeUnit.SECONDS);

        DecideResult again = approvals.decide(id, false, "eve", "late");

        assertEquals(DecideResult.Status.ALREADY_DECIDED, again.status());
        assertEquals(ApprovalDecision.APPROVED, again.decision().decision());
        assertEquals(DecideResult.Status.UNKNOWN, approvals.decide("nope", true, "bob", null).status());
        assertEquals(1, rows.size());
    }

    @Test
    void anApprovalRacingTheTimeoutIsDecidedExactlyOnce() throws Exception {
        for (int i = 0; i < 200; i++) {
            rows.clear();
            CountDownLatch admitted = new CountDownLatch(1);
            Future<RequestVerdict> held = pool.submit(() -> {
                admitted.countDown();
                return approvals.hold(HeldRequest.call("alice", "t" , ARGS), "r", "v1", Duration.ofMillis(2));
            });
            admitted.await();
            String id = null;
            while (id == null && !held.isDone()) {
                List<PendingApproval> pending = approvals.pending();
                id = pending.isEmpty() ? null : pending.get(0).id();
            }
            DecideResult result = id == null ? null : approvals.decide(id, true, "bob", null);
            RequestVerdict verdict = held.get(10, TimeUnit.SECONDS);
            assertEquals(1, rows.size(), "one decision per hold, round " + i);
            boolean approved = rows.get(0).decision() == ApprovalDecision.APPROVED;
            assertEquals(approved, verdict.action() == RequestVerdict.Action.PROCEED, "round " + i);
            if (result != null) {
                assertSame(rows.get(0), result.decision(), "the operator is told what won, round " + i);
                assertEquals(approved, result.status() == DecideResult.Status.DECIDED, "round " + i);
            }
        }
    }

    private Future<RequestVerdict> holdInBackground(String principal, String tool, JsonObject args, Duration t) {
        return pool.submit(() -> approvals.hold(HeldRequest.call(principal, tool, args), "hold-mail", "v1", t));
    }

    private List<PendingApproval> awaitPending(int n) {
        poll(() -> approvals.pending().size() == n);
        return approvals.pending();
    }

    private static void poll(BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "condition not met within 10 s");
            Thread.onSpinWait();
            Thread.yield();
        }
    }
}
