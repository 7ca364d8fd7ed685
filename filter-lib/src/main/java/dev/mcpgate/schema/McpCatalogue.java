package dev.mcpgate.schema;

import dev.mcpgate.event.SchemaItemChange;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Read-only questions about the tool, prompt and resource catalogues of an endpoint and their
 * history: what the server offers now, its versions, what changed between any two, what changed in
 * a time window, and who received which version. The same answers whether the history is in memory
 * ({@code store=none}) or in the database ({@code store=jpa}).
 *
 * <p>An application finds the catalogue of an endpoint through its {@code McpGateEndpoint}:
 * <pre>{@code
 * McpCatalogue catalogue = McpGateEndpoint.find(servletContext, "weather").orElseThrow().catalogue().orElseThrow();
 * for (McpCatalogue.CurrentList list : catalogue.current()) { ... }
 * List<SchemaItemChange> diff = catalogue.diff("tools/list", 3, 7);
 * }</pre>
 *
 * <p>List methods are named as on the wire ({@code tools/list}, {@code prompts/list},
 * {@code resources/list}, {@code resources/templates/list}); {@code server} is the server's
 * identity and capabilities from {@code initialize} / {@code server/discover}. Every list answer
 * is bounded by a limit of at most {@value #MAX_ROWS} (plus one: asking {@code limit + 1} rows tells
 * whether an answer of {@code limit} was cut).
 */
public final class McpCatalogue {

    /** The most rows any query returns. */
    public static final int MAX_ROWS = 1000;

    private final String endpoint;
    private final CatalogueHistory history;
    private final CatalogueTracker tracker;

    /** One item of a catalogue: its name (URI for resources) and its JSON as the server sent it, canonicalised. */
    public record CatalogueItem(String name, String json) {
    }

    /**
     * A list as it stands: its state, its current version and that version's items (the first ones
     * by name, when cut).
     *
     * @param truncated whether {@code items} holds fewer than the version's {@code itemCount}
     */
    public record CurrentList(ListState state, CatalogueVersion version, List<CatalogueItem> items,
                              boolean truncated) {
    }

    /**
     * The differences between two versions.
     *
     * @param changes            per item, sorted by name
     * @param renameHintsSkipped whether rename hints were left out: more than
     *                           10,000 items together were removed and added
     */
    public record Diff(List<SchemaItemChange> changes, boolean renameHintsSkipped) {
    }

    /**
     * @param tracker the tracker recording into {@code history}, for {@link #health()}; {@code null}
     *                for a read-only view of a history (e.g. a database written by another node)
     */
    public McpCatalogue(String endpoint, CatalogueHistory history, CatalogueTracker tracker) {
        this.endpoint = endpoint;
        this.history = history;
        this.tracker = tracker;
    }

    /** The endpoint this catalogue describes. */
    public String endpoint() {
        return endpoint;
    }

    /** Every list of the endpoint seen so far, with its current version and all its items. */
    public List<CurrentList> current() {
        return current(Integer.MAX_VALUE);
    }

    /** Every list of the endpoint seen so far, with its current version and at most {@code maxItems} items each. */
    public List<CurrentList> current(int maxItems) {
        List<CurrentList> lists = new ArrayList<>();
        for (ListState state : history.lists(endpoint)) {
            CatalogueVersion version = state.currentVersion() == 0 ? null
                    : history.version(endpoint, state.listMethod(), state.currentVersion()).orElse(null);
            List<CatalogueItem> items = items(version);
            boolean truncated = items.size() > maxItems;
            lists.add(new CurrentList(state, version == null ? null : version.withoutPayload(),
                    truncated ? items.subList(0, maxItems) : items, truncated));
        }
        return lists;
    }

    /** The versions of a list, newest first, without payloads. */
    public List<CatalogueVersion> versions(String listMethod, int limit) {
        return history.versions(endpoint, listMethod, bounded(limit));
    }

    /** One version with its payload (the canonical JSON array of its items). */
    public Optional<CatalogueVersion> version(String listMethod, int version) {
        return history.version(endpoint, listMethod, version);
    }

    /** The items of one version. */
    public List<CatalogueItem> items(String listMethod, int version) {
        return items(history.version(endpoint, listMethod, version).orElse(null));
    }

    /**
     * What changed from version {@code from} to version {@code to} of a list (any two, in either
     * order; {@code from} 0 means "nothing", so every item is added).
     *
     * @throws IllegalArgumentException when either version does not exist
     */
    public List<SchemaItemChange> diff(String listMethod, int from, int to) {
        return compare(listMethod, from, to).changes();
    }

    /**
     * {@link #diff} with whether rename hints were left out (too many items removed and added).
     *
     * @throws IllegalArgumentException when either version does not exist
     */
    public Diff compare(String listMethod, int from, int to) {
        ListKind kind = kind(listMethod);
        CatalogueDiff.Result result = CatalogueDiff.between(from == 0 ? null : snapshot(kind, from),
                snapshot(kind, to));
        return new Diff(result.changes(), result.renameHintsSkipped());
    }

    /** The stored changes that led to one version (against the version before it). */
    public List<CatalogueChange> changesTo(String listMethod, int version) {
        return history.changesTo(endpoint, listMethod, version);
    }

    /** Changes detected in {@code [from, to)} at this endpoint, newest first. */
    public List<CatalogueChange> changes(Instant from, Instant to, int limit) {
        return history.changes(endpoint, from, to, bounded(limit));
    }

    /** Who received a version (sessions, principals, client names), most recent first. */
    public List<Sighting> sightings(String listMethod, int version, int limit) {
        return history.sightings(endpoint, listMethod, version, bounded(limit));
    }

    /** The tracker's counters: captures lost, paginations abandoned, write failures. */
    public CatalogueTracker.Health health() {
        return tracker == null ? new CatalogueTracker.Health(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0) : tracker.health();
    }

    private CatalogueSnapshot snapshot(ListKind kind, int version) {
        CatalogueVersion found = history.version(endpoint, kind.listMethod(), version)
                .orElseThrow(() -> new IllegalArgumentException("no version " + version + " of " + kind.listMethod()
                        + " at " + endpoint));
        return CatalogueSnapshot.ofPayload(kind, found.payload());
    }

    private static ListKind kind(String listMethod) {
        ListKind kind = ListKind.ofListMethod(listMethod);
        if (kind == null) {
            throw new IllegalArgumentException("not a catalogue list: " + listMethod);
        }
        return kind;
    }

    private static List<CatalogueItem> items(CatalogueVersion version) {
        if (version == null || version.payload() == null) {
            return List.of();
        }
        ListKind kind = kind(version.listMethod());
        return CatalogueSnapshot.ofPayload(kind, version.payload()).items().stream()
                .map(item -> new CatalogueItem(item.name(), item.canonical())).toList();
    }

    /** {@code limit} within 1 and one more than {@link #MAX_ROWS}: a caller that asks one more can tell a cut answer. */
    private static int bounded(int limit) {
        return Math.max(1, Math.min(limit, MAX_ROWS + 1));
    }
}
