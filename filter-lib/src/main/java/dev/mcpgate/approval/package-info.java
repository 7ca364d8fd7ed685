/**
 * Holds for a human decision (the rules' {@code hold} action): {@link dev.mcpgate.approval.InMemoryApprovals},
 * the filter's {@link dev.mcpgate.intercept.Approvals}. A held call waits on its request thread until an
 * operator approves or denies it through the admin API, or its timeout passes; the pending holds are
 * bounded ({@code approval-max-holds}); each decision becomes an {@link dev.mcpgate.event.ApprovalDecided}
 * event, written to {@code mcp_approval} by the store's writer (never on the request thread).
 *
 * <p>Imports: the JDK, Jakarta JSON Processing, {@code dev.mcpgate.intercept} (the SPI),
 * {@code dev.mcpgate.event} (the decision event), {@code dev.mcpgate.schema} (canonical JSON),
 * {@code dev.mcpgate.protocol}. Not the servlet API, not the store.
 */
package dev.mcpgate.approval;
