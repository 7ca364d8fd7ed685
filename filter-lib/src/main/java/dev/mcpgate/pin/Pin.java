package dev.mcpgate.pin;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One approval: an operator approved a version of one list of an endpoint. The latest approval of a list
 * is in force. The approved items' hashes travel with it, so that the pin holds even after the catalogue
 * history's retention deleted the version.
 *
 * @param endpoint    the endpoint name
 * @param listMethod  the list ({@code tools/list})
 * @param version     the approved catalogue version
 * @param contentHash the version's content hash
 * @param itemHashes  per item name, SHA-256 (hex) of the item's canonical JSON (RFC 8785)
 * @param decidedBy   who approved (the authenticated admin), or {@code null}
 * @param decidedAt   when
 */
public record Pin(String endpoint, String listMethod, int version, String contentHash,
                  Map<String, String> itemHashes, String decidedBy, Instant decidedAt) {

    public Pin {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(listMethod, "listMethod");
        itemHashes = Map.copyOf(itemHashes);
        Objects.requireNonNull(decidedAt, "decidedAt");
    }
}
