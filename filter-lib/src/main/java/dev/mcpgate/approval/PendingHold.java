package dev.mcpgate.approval;

import dev.mcpgate.event.ApprovalDecided;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/** One pending hold: its binding and deadline, the calls waiting on it, and the one decision they get. */
final class PendingHold {

    final String id;
    final ApprovalBinding binding;
    final Instant heldAt;
    final Instant deadline;
    final long deadlineNanos;
    final String sessionId;
    final String client;
    /** The arguments as shown, and the length of the whole (longer than shown: cut). */
    final String arguments;
    final int argumentsLength;
    final AtomicInteger waiters = new AtomicInteger();
    /** Set exactly once, by the first of approve, deny and timeout. */
    final AtomicReference<ApprovalDecided> decided = new AtomicReference<>();
    /** Completed with {@link #decided} once it is recorded: the waiters wait on this. */
    final CompletableFuture<ApprovalDecided> outcome = new CompletableFuture<>();

    PendingHold(String id, ApprovalBinding binding, Instant heldAt, Instant deadline, long deadlineNanos,
            String sessionId, String client, String arguments, int argumentsLength) {
        this.id = id;
        this.binding = binding;
        this.heldAt = heldAt;
        this.deadline = deadline;
        this.deadlineNanos = deadlineNanos;
        this.sessionId = sessionId;
        this.client = client;
        this.arguments = arguments;
        this.argumentsLength = argumentsLength;
    }

    PendingApproval view() {
        return new PendingApproval(id, heldAt, deadline, binding, sessionId, client, arguments,
                argumentsLength > InMemoryApprovals.MAX_ARGUMENTS_SHOWN, argumentsLength, waiters.get());
    }
}
