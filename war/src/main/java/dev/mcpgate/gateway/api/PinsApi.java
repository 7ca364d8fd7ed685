package dev.mcpgate.gateway.api;

import dev.mcpgate.event.SchemaItemChange;
import dev.mcpgate.pin.CataloguePins;
import dev.mcpgate.pin.Pin;
import dev.mcpgate.schema.ListState;
import dev.mcpgate.schema.McpCatalogue;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.util.List;

/**
 * The answers of {@code /mcpgate/api/pins}: where catalogue pinning stands for one list of an endpoint
 * (the approved version, the current one, what an approval of the current one would let through), and the
 * approval itself. Apart from the servlet so that it can be tested on an in-memory history.
 */
final class PinsApi {

    /** The one list that can be pinned so far. */
    static final String LIST = CataloguePins.TOOLS;

    /** An approval in force: which version, who approved it and when. */
    public record Approved(int version, String contentHash, String decidedBy, Instant decidedAt) {
    }

    /**
     * What changed from the approved version ({@code from}, 0 when none) to the current one: per item
     * {@code added}, {@code removed} or {@code modified} with its fields and {@code descriptionOnly}.
     */
    public record Diff(int from, int to, int total, boolean truncated, boolean descriptionOnlyChanges,
                       List<SchemaItemChange> changes) {
    }

    /**
     * Pinning of one list: {@code mode} {@code enforce} or {@code off}; {@code loaded} whether the approvals
     * were read (until then every tool is held back); {@code approved} ({@code null}: nothing approved, all
     * passes); {@code currentVersion} the version of the server's latest answer ({@code null}: none seen);
     * {@code upToDate} whether the two are the same; {@code diff} what approving the current version
     * approves ({@code null} when up to date); {@code message} the same in words.
     */
    public record Status(String endpoint, String list, String mode, boolean loaded, String newItems,
                         Approved approved, Integer currentVersion, boolean upToDate, String message, Diff diff) {
    }

    private PinsApi() {
    }

    /** Where pinning stands; {@code pins} {@code null} when {@code catalogue-pinning=off}. */
    static Status status(String endpoint, McpCatalogue catalogue, CataloguePins pins, int limit) {
        Integer current = currentVersion(catalogue);
        if (pins == null) {
            return new Status(endpoint, LIST, "off", false, null, null, current, false,
                    "catalogue-pinning=off: every tool passes; set catalogue-pinning=enforce to pin", null);
        }
        Approved approved = pins.pin(LIST).map(PinsApi::approved).orElse(null);
        boolean upToDate = approved != null && current != null && approved.version() == current;
        Diff diff = upToDate || current == null ? null : diff(catalogue, approved == null ? 0 : approved.version(),
                current, limit);
        return new Status(endpoint, LIST, "enforce", pins.loaded(), pins.newItems().wireName(), approved, current,
                upToDate, message(pins, approved, current, upToDate, diff), diff);
    }

    /**
     * Approves the version the body names ({@code {"list":"tools/list","version":3}}; {@code list} may be
     * left out, or given as {@code kind: "tools"}).
     *
     * @throws BadParameterException naming {@code list} or {@code version} when they cannot be used
     */
    static Pin approve(CataloguePins pins, JsonObject body, String decidedBy) {
        String list = list(body);
        if (!(body.get("version") instanceof JsonNumber number) || !number.isIntegral() || number.intValue() < 1) {
            throw new BadParameterException("version", "must be a version number of " + list + " (1 or more)");
        }
        try {
            return pins.approve(list, number.intValue(), decidedBy);
        } catch (IllegalArgumentException e) {
            throw new BadParameterException("version", e.getMessage());
        }
    }

    private static String list(JsonObject body) {
        JsonValue list = body.containsKey("list") ? body.get("list") : body.get("kind");
        if (list == null) {
            return LIST;
        }
        if (list instanceof JsonString text && (LIST.equals(text.getString()) || "tools".equals(text.getString()))) {
            return LIST;
        }
        throw new BadParameterException(body.containsKey("list") ? "list" : "kind", "only " + LIST
                + " (kind tools) can be pinned, not " + list);
    }

    private static Approved approved(Pin pin) {
        return new Approved(pin.version(), pin.contentHash(), pin.decidedBy(), pin.decidedAt());
    }

    private static Integer currentVersion(McpCatalogue catalogue) {
        for (McpCatalogue.CurrentList list : catalogue.current(0)) {
            ListState state = list.state();
            if (LIST.equals(state.listMethod()) && state.currentVersion() > 0) {
                return state.currentVersion();
            }
        }
        return null;
    }

    /** The diff to approve; {@code null} when the approved version is no longer kept. */
    private static Diff diff(McpCatalogue catalogue, int from, int to, int limit) {
        try {
            List<SchemaItemChange> changes = catalogue.diff(LIST, from, to);
            boolean descriptionOnly = changes.stream().anyMatch(SchemaItemChange::descriptionOnly);
            return new Diff(from, to, changes.size(), changes.size() > limit, descriptionOnly,
                    changes.subList(0, Math.min(limit, changes.size())));
        } catch (IllegalArgumentException e) {
            return null; // the approved version was deleted by retention: the pin holds, the diff cannot be shown
        }
    }

    private static String message(CataloguePins pins, Approved approved, Integer current, boolean upToDate,
            Diff diff) {
        if (!pins.loaded()) {
            return "the approvals are not read yet (store not reached): every tool is held back until they are";
        }
        if (approved == null) {
            return "nothing approved yet: every tool passes; approve a version to pin it";
        }
        if (upToDate) {
            return "the server's tools are the approved version " + approved.version();
        }
        if (current == null) {
            return "version " + approved.version() + " approved; no list answer recorded since start";
        }
        return "version " + approved.version() + " approved, the server now lists version " + current
                + ": tools that changed" + (pins.newItems().wireName().equals("hide") ? " or are new" : "")
                + " are hidden and refused until version " + current + " is approved"
                + (diff == null ? " (the approved version is no longer kept: no diff)" : "");
    }
}
