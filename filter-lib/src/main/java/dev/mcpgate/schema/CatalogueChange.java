package dev.mcpgate.schema;

import dev.mcpgate.event.SchemaItemChange;
import java.time.Instant;

/**
 * A stored change: one item that differs between a version and the one before it.
 *
 * @param endpoint    the endpoint name
 * @param listMethod  the list method (or {@code server})
 * @param fromVersion the previous version, {@code null} when {@code toVersion} is the first
 * @param toVersion   the version that brought the change
 * @param detectedAt  when {@code toVersion} was first seen
 * @param item        what changed
 */
public record CatalogueChange(
        String endpoint,
        String listMethod,
        Integer fromVersion,
        int toVersion,
        Instant detectedAt,
        SchemaItemChange item) {
}
