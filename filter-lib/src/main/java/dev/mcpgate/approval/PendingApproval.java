package dev.mcpgate.approval;

import java.time.Instant;

/**
 * A call waiting for an operator, as the admin API shows it.
 *
 * @param id        the hold's id: approve or deny it by this
 * @param heldAt    when the first call was held
 * @param deadline  when it times out unless decided
 * @param binding   what an approval covers
 * @param sessionId the session, {@code null} for a modern-era request
 * @param client    the client's name, if known
 * @param arguments the canonical JSON of the arguments, cut to {@value InMemoryApprovals#MAX_ARGUMENTS_SHOWN}
 *                  characters (and an ellipsis) when longer; rows keep only the digest
 * @param argumentsTruncated whether {@code arguments} was cut: the approval covers the whole arguments (their
 *                  digest), more than the operator is shown
 * @param argumentsLength the length in characters of the whole canonical arguments
 * @param waiters   how many identical calls wait on it
 */
public record PendingApproval(String id, Instant heldAt, Instant deadline, ApprovalBinding binding, String sessionId,
        String client, String arguments, boolean argumentsTruncated, int argumentsLength, int waiters) {
}
