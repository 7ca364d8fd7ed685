package dev.mcpgate.schema;

import java.time.Instant;

/**
 * One version of a catalogue: a content of a list method at an endpoint that differs from every
 * earlier one.
 *
 * @param endpoint     the endpoint name
 * @param listMethod   {@code tools/list}, {@code prompts/list}, {@code resources/list},
 *                     {@code resources/templates/list} or {@code server}
 * @param version      the number, from 1, per endpoint and list method
 * @param contentHash  SHA-256 (hex) of {@link #payload()}
 * @param contractHash SHA-256 (hex) of the canonical contract (names, schemas, arguments, URIs)
 * @param itemCount    items in the list
 * @param firstSeen    when a client first received it
 * @param payload      the items as a canonical JSON array (RFC 8785), sorted by name; {@code null}
 *                     in listings that leave it out
 */
public record CatalogueVersion(
        String endpoint,
        String listMethod,
        int version,
        String contentHash,
        String contractHash,
        int itemCount,
        Instant firstSeen,
        String payload) {

    /** The same version without its payload. */
    public CatalogueVersion withoutPayload() {
        return payload == null ? this : new CatalogueVersion(endpoint, listMethod, version, contentHash,
                contractHash, itemCount, firstSeen, null);
    }
}
