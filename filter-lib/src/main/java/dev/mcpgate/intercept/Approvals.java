package dev.mcpgate.intercept;

import java.time.Duration;

/**
 * Holds requests for a human decision (the rules' {@code hold} action). An approval is bound to the
 * caller (principal, else session, else client), the tool, a digest of the canonical arguments and the
 * rules' version: a different call is a different approval. Each decision is a stored row naming who
 * decided. The filter's implementation keeps pending holds in memory (bounded) and serves them to the
 * admin API.
 */
public interface Approvals {

    /**
     * Holds the calling request thread until an operator approves or denies the call, or {@code timeout}
     * passes, and says what to do with it: {@link RequestVerdict#proceed()} once approved, a block with
     * the denial's reason when denied or timed out, or a block at once when no more holds fit.
     *
     * @param request      the held request
     * @param rule         the rule that holds it
     * @param rulesVersion the version of the rules in force (part of the binding)
     * @param timeout      how long to wait for a decision
     */
    RequestVerdict hold(InterceptedRequest request, String rule, String rulesVersion, Duration timeout);
}
