package dev.mcpgate.gateway.api;

import dev.mcpgate.McpGateEndpoint;
import dev.mcpgate.event.SchemaItemChange;
import dev.mcpgate.schema.CatalogueChange;
import dev.mcpgate.schema.CatalogueVersion;
import dev.mcpgate.schema.ListState;
import dev.mcpgate.schema.McpCatalogue;
import dev.mcpgate.schema.Sighting;
import jakarta.json.Json;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.List;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.function.UnaryOperator;

/**
 * The {@code /mcpgate/api/schema} calls: the catalogue history of an endpoint's tools, prompts and
 * resources ({@link McpCatalogue}).
 * <ul>
 *   <li>{@code /schema?limit} — every list as it stands: state (current version, stale since), the
 *       version, its first {@code limit} items by name;</li>
 *   <li>{@code /schema/versions?list&limit} — the versions of a list, newest first;</li>
 *   <li>{@code /schema/diff?list&from&to&limit} — per item what changed between any two versions
 *       ({@code from=0}: everything added), with the changed fields and the description-only flag;</li>
 *   <li>{@code /schema/changes?since&until&limit} — changes detected in a window;</li>
 *   <li>{@code /schema/sightings?list&version&limit} — which sessions, principals and clients
 *       received a version.</li>
 * </ul>
 * {@code list} is {@code tools/list}, {@code prompts/list}, {@code resources/list},
 * {@code resources/templates/list} or {@code server}. Every answer is bounded: {@code limit}
 * (default {@value ApiQuery#DEFAULT_LIMIT}, at most {@value ApiQuery#MAX_LIMIT}; a diff's default is
 * the maximum) rows or items, and says with {@code truncated} whether there were more.
 */
final class SchemaApi {

    static final Set<String> LISTS = Set.of("tools/list", "prompts/list", "resources/list",
            "resources/templates/list", "server");

    /** One item of a list, its JSON as the server sent it (canonicalised). */
    public record Item(String name, JsonValue json) {
    }

    /** A list as it stands; {@code truncated}: the version has more items than {@code items} holds. */
    public record CurrentList(ListState state, CatalogueVersion version, List<Item> items, boolean truncated) {
    }

    /**
     * The changes between two versions of a list: the first {@code limit} by name of {@code total};
     * {@code renameHintsSkipped} when too many items were removed and added to look for renames.
     */
    public record Diff(String endpoint, String list, int from, int to, int total, boolean truncated,
                       boolean renameHintsSkipped, List<SchemaItemChange> changes) {
    }

    /** Rows of a call, newest first; {@code truncated}: there were more than {@code limit}. */
    public record Rows<T>(String endpoint, int limit, int count, boolean truncated, List<T> items) {
    }

    private SchemaApi() {
    }

    static Object answer(String call, McpGateEndpoint endpoint, ApiQuery query) {
        McpCatalogue catalogue = endpoint.catalogue().orElseThrow(() -> new AnalyticsApiServlet
                .StoreUnavailableException("endpoint " + endpoint.name() + " keeps no catalogue history "
                + "(schema-history=false)"));
        return switch (call) {
            case "" -> catalogue.current(query.limit()).stream().map(SchemaApi::view).toList();
            case "/versions" -> rows(catalogue, query.limit(), n -> catalogue.versions(list(query), n));
            case "/diff" -> diff(catalogue, query);
            case "/changes" -> changes(catalogue, query);
            case "/sightings" -> sightings(catalogue, query, endpoint.config().logging().sessionIds());
            default -> null;
        };
    }

    /** The parameters each call takes. */
    static Set<String> parameters(String call) {
        return switch (call) {
            case "/versions" -> Set.of("endpoint", "list", "limit");
            case "/diff" -> Set.of("endpoint", "list", "from", "to", "limit");
            case "/changes" -> Set.of("endpoint", "since", "until", "limit");
            case "/sightings" -> Set.of("endpoint", "list", "version", "limit");
            default -> Set.of("endpoint", "limit");
        };
    }

    private static Diff diff(McpCatalogue catalogue, ApiQuery query) {
        String list = list(query);
        int from = query.number("from", 0);
        int to = query.number("to", 1);
        int limit = query.text("limit") == null ? ApiQuery.MAX_LIMIT : query.limit();
        try {
            McpCatalogue.Diff diff = catalogue.compare(list, from, to);
            List<SchemaItemChange> changes = diff.changes();
            boolean truncated = changes.size() > limit;
            return new Diff(catalogue.endpoint(), list, from, to, changes.size(), truncated,
                    diff.renameHintsSkipped(), truncated ? changes.subList(0, limit) : changes);
        } catch (IllegalArgumentException noSuchVersion) { // "no version N of ..."
            boolean fromMissing = from > 0 && noSuchVersion.getMessage().startsWith("no version " + from + " ");
            throw new BadParameterException(fromMissing ? "from" : "to", noSuchVersion.getMessage());
        }
    }

    private static Rows<CatalogueChange> changes(McpCatalogue catalogue, ApiQuery query) {
        ApiQuery.Window window = query.window();
        return rows(catalogue, query.limit(), n -> catalogue.changes(window.since(), window.until(), n));
    }

    /** Session ids as {@code log-session-ids} shows them (fingerprints by default). */
    private static Rows<Sighting> sightings(McpCatalogue catalogue, ApiQuery query, UnaryOperator<String> sessionIds) {
        String list = list(query);
        int version = query.number("version", 1);
        return rows(catalogue, query.limit(), n -> catalogue.sightings(list, version, n).stream()
                .map(s -> new Sighting(s.endpoint(), s.listMethod(), s.version(), sessionIds.apply(s.sessionId()),
                        s.principal(), s.clientName(), s.firstSeen(), s.lastSeen()))
                .toList());
    }

    /** Asks for one row more than {@code limit}, to tell whether the answer was cut. */
    private static <T> Rows<T> rows(McpCatalogue catalogue, int limit, IntFunction<List<T>> query) {
        List<T> found = query.apply(limit + 1);
        boolean truncated = found.size() > limit;
        List<T> items = truncated ? found.subList(0, limit) : found;
        return new Rows<>(catalogue.endpoint(), limit, items.size(), truncated, items);
    }

    private static String list(ApiQuery query) {
        String list = query.text("list");
        if (list == null || !LISTS.contains(list)) {
            throw new BadParameterException("list", "must be one of " + LISTS + ", was " + list);
        }
        return list;
    }

    private static CurrentList view(McpCatalogue.CurrentList list) {
        return new CurrentList(list.state(), list.version(),
                list.items().stream().map(i -> new Item(i.name(), parse(i.json()))).toList(), list.truncated());
    }

    private static JsonValue parse(String json) {
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            return reader.readValue();
        }
    }
}
