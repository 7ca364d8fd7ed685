package dev.mcpgate.event;

import java.time.Instant;
import java.util.List;

/**
 * A list method of the endpoint answered with content never seen before: a new version of the
 * catalogue (tools, prompts, resources, resource templates, or the server's identity and
 * capabilities), with its differences from the previous version.
 *
 * <p>Observe it to react to a change: {@code void on(@Observes SchemaChanged change)}. A change
 * whose {@link #descriptionOnly()} is {@code true} altered what a model reads (a description)
 * without changing the contract — the pattern of a "rug pull".
 *
 * @param timestamp       when the new content was first seen
 * @param endpoint        the endpoint name
 * @param listMethod      {@code tools/list}, {@code prompts/list}, {@code resources/list},
 *                        {@code resources/templates/list}, or {@code server} (the answer of
 *                        {@code initialize} / {@code server/discover})
 * @param version         the new version number, from 1, per endpoint and list method
 * @param previousVersion the version it is compared with, or {@code null} for the first
 * @param contentHash     SHA-256 (hex) of the canonical JSON of the whole list
 * @param contractHash    SHA-256 (hex) of the canonical JSON of the contract: names, schemas,
 *                        arguments, URIs
 * @param itemCount       items in the list
 * @param contractChanged whether the contract hash differs from the previous version's
 * @param descriptionOnly whether every change is a description-only modification
 * @param changes         the items added, removed or modified, by kind of change then name
 * @param sessionId       the session whose answer first showed it, or {@code null}
 * @param principal       the user whose answer first showed it, or {@code null}
 */
public record SchemaChanged(
        Instant timestamp,
        String endpoint,
        String listMethod,
        int version,
        Integer previousVersion,
        String contentHash,
        String contractHash,
        int itemCount,
        boolean contractChanged,
        boolean descriptionOnly,
        List<SchemaItemChange> changes,
        String sessionId,
        String principal) implements McpEvent {

    public SchemaChanged {
        changes = List.copyOf(changes);
    }
}
