package dev.mcpgate.schema;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where catalogue versions, their changes, sightings and list states are kept: in memory
 * ({@link InMemoryCatalogueHistory}, the default with {@code store=none}) or in the analytics
 * database ({@code store=jpa}, tables {@code mcp_schema_*}).
 *
 * <p>Writes come from one thread, the catalogue tracker's, never from a request thread; reads may
 * come from any thread ({@link McpCatalogue}). A method that cannot reach its storage throws an
 * unchecked exception ({@link NotReady} while it is still starting); the tracker then keeps what it
 * wanted to record and tries again.
 */
public interface CatalogueHistory {

    /** The history's storage is not there yet (the database is still being reached or migrated). */
    final class NotReady extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        public NotReady(String message) {
            super(message);
        }
    }

    /** The highest-numbered version of a list, with its payload. */
    Optional<CatalogueVersion> latest(String endpoint, String listMethod);

    /** A version with this content hash (the latest such), with its payload. */
    Optional<CatalogueVersion> withContentHash(String endpoint, String listMethod, String contentHash);

    /** One version, with its payload. */
    Optional<CatalogueVersion> version(String endpoint, String listMethod, int version);

    /**
     * Records a new version and the changes that led to it, at once.
     *
     * @throws IllegalStateException when the version number is taken already
     */
    void add(CatalogueVersion version, List<CatalogueChange> changes);

    /** Records (or refreshes) who received a version. */
    void seen(Sighting sighting);

    /**
     * Records several sightings, as {@link #seen} does each: a stored history writes them over one
     * connection in one transaction (the tracker hands over a round's sightings at once, a session's
     * first sighting each).
     */
    default void seen(List<Sighting> sightings) {
        sightings.forEach(this::seen);
    }

    /** A list-changed notification: the list is stale from {@code since} until the next {@link #current}. */
    void markStale(String endpoint, String listMethod, Instant since);

    /** The latest complete answer carried {@code version}; clears the stale mark. */
    void current(String endpoint, String listMethod, int version, Instant at);

    /** The state of every list of an endpoint, by list method. */
    List<ListState> lists(String endpoint);

    /** Versions of a list, newest first, without payloads; at most {@code limit}. */
    List<CatalogueVersion> versions(String endpoint, String listMethod, int limit);

    /** Changes detected in {@code [from, to)}, newest first; {@code endpoint} {@code null} for all; at most {@code limit}. */
    List<CatalogueChange> changes(String endpoint, Instant from, Instant to, int limit);

    /** The changes that led to one version. */
    List<CatalogueChange> changesTo(String endpoint, String listMethod, int version);

    /** Who received a version, most recent first; at most {@code limit}. */
    List<Sighting> sightings(String endpoint, String listMethod, int version, int limit);
}
