package dev.mcpgate.event;

import java.util.List;

/**
 * One item of a catalogue list that changed between two consecutive versions.
 *
 * @param itemKind        {@code tool}, {@code prompt}, {@code resource}, {@code resource_template}
 *                        or {@code server}
 * @param name            the item's name (the URI for a resource)
 * @param change          {@code added}, {@code removed} or {@code modified}
 * @param changedFields   for {@code modified}: the item's top-level fields whose value changed,
 *                        appeared or disappeared ({@code description}, {@code inputSchema}, ...),
 *                        sorted; empty otherwise
 * @param descriptionOnly for {@code modified}: only {@code description} changed — the contract
 *                        stayed, the text a model reads did not (a possible "rug pull")
 * @param renameHint      for {@code added} / {@code removed}: the name of an item removed / added
 *                        in the same version with an identical contract apart from its name (a
 *                        likely rename), else {@code null}
 */
public record SchemaItemChange(
        String itemKind,
        String name,
        String change,
        List<String> changedFields,
        boolean descriptionOnly,
        String renameHint) {

    public static final String ADDED = "added";
    public static final String REMOVED = "removed";
    public static final String MODIFIED = "modified";

    public SchemaItemChange {
        changedFields = changedFields == null ? List.of() : List.copyOf(changedFields);
    }
}
