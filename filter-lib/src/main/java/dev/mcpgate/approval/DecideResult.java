package dev.mcpgate.approval;

import dev.mcpgate.event.ApprovalDecided;

/**
 * What an operator's approve or deny did.
 *
 * @param status   decided now, decided before (by someone else, or timed out), or no such hold
 * @param decision the decision now in force: this one, or the earlier one; {@code null} when unknown
 */
public record DecideResult(Status status, ApprovalDecided decision) {

    /** The closed set of answers to a decision. */
    public enum Status {
        /** This call decided the hold. */
        DECIDED,
        /** The hold had been decided already (the answer carries that decision, if still remembered). */
        ALREADY_DECIDED,
        /** No hold has this id (or it was decided so long ago that it is forgotten). */
        UNKNOWN
    }
}
