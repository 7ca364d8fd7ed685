package dev.mcpgate.schema;

import static dev.mcpgate.schema.Answers.schema;
import static dev.mcpgate.schema.Answers.tool;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mcpgate.event.SchemaItemChange;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The item changes between two versions: added, removed and modified items with the fields that changed;
 * rename hints found in time linear in the items, and left out (said so) beyond the bound.
 */
class CatalogueDiffTest {

    /** {@code count} tools named {@code prefix<i>}, each with a schema of its own (no two look alike). */
    private static List<JsonValue> tools(String prefix, int count, String... more) {
        List<JsonValue> tools = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            tools.add(json(tool(prefix + i, "Tool " + i, schema(prefix + "_property_" + i))));
        }
        for (String extra : more) {
            tools.add(json(extra));
        }
        return tools;
    }

    private static JsonValue json(String text) {
        try (var reader = CatalogueSnapshot.JSON.createReader(new StringReader(text))) {
            return reader.readValue();
        }
    }

    private static String hintOf(List<SchemaItemChange> changes, String name) {
        return changes.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow().renameHint();
    }

    @Test
    void itemsAreAddedRemovedOrModifiedWithTheFieldsThatChangedSortedByName() {
        CatalogueSnapshot older = CatalogueSnapshot.of(ListKind.TOOLS, List.of(
                json(tool("echo", "Echoes.", schema("text"))), json(tool("sum", "Adds.", schema("a"))),
                json(tool("gone", "Leaves.", schema("g"))), json(tool("same", "Stays.", schema("s")))));
        CatalogueSnapshot newer = CatalogueSnapshot.of(ListKind.TOOLS, List.of(
                json(tool("echo", "Echoes back.", schema("text"))), json(tool("sum", "Adds up.", schema("b"))),
                json(tool("fresh", "Arrives.", schema("f"))), json(tool("same", "Stays.", schema("s")))));
        List<String> changes = CatalogueDiff.between(older, newer).changes().stream()
                .map(c -> c.name() + " " + c.change() + " " + c.changedFields() + (c.descriptionOnly() ? " description-only" : ""))
                .toList();
        assertEquals(List.of("echo modified [description] description-only", "fresh added []", "gone removed []",
                "sum modified [description, inputSchema]"), changes);
        assertEquals(4, CatalogueDiff.between(null, newer).changes().stream()
                .filter(c -> c.change().equals(SchemaItemChange.ADDED)).count(), "a first version: everything added");
    }

    @Test
    void renameDetectionIsLinearInTheItemsRemovedAndAdded() {
        // 3,000 removed and 3,000 added: comparing every pair canonicalised 18 million contracts (minutes)
        CatalogueSnapshot older = CatalogueSnapshot.of(ListKind.TOOLS,
                tools("old", 3000, tool("search", "Searches.", schema("query"))));
        CatalogueSnapshot newer = CatalogueSnapshot.of(ListKind.TOOLS,
                tools("new", 3000, tool("find", "Finds.", schema("query"))));
        CatalogueDiff.Result diff = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> CatalogueDiff.between(older, newer));
        assertEquals(6002, diff.changes().size());
        assertFalse(diff.renameHintsSkipped());
        assertEquals("find", hintOf(diff.changes(), "search"));
        assertEquals("search", hintOf(diff.changes(), "find"));
        assertEquals(null, hintOf(diff.changes(), "old7"), "a schema of its own: no twin");
    }

    @Test
    void renameHintsAreLeftOutBeyondTheBoundAndTheDiffSaysSo() {
        int half = CatalogueDiff.MAX_RENAME_CANDIDATES / 2;
        CatalogueSnapshot older = CatalogueSnapshot.of(ListKind.TOOLS,
                tools("old", half, tool("search", "Searches.", schema("query"))));
        CatalogueSnapshot newer = CatalogueSnapshot.of(ListKind.TOOLS,
                tools("new", half, tool("find", "Finds.", schema("query"))));
        CatalogueDiff.Result diff = CatalogueDiff.between(older, newer);
        assertTrue(diff.renameHintsSkipped(), "more than " + CatalogueDiff.MAX_RENAME_CANDIDATES + " removed and added");
        assertEquals(2 * half + 2, diff.changes().size(), "every change is still there");
        assertTrue(diff.changes().stream().allMatch(c -> c.renameHint() == null));

        CatalogueDiff.Result within = CatalogueDiff.between(
                CatalogueSnapshot.of(ListKind.TOOLS, tools("old", half - 1, tool("search", "S.", schema("query")))),
                CatalogueSnapshot.of(ListKind.TOOLS, tools("new", half - 1, tool("find", "F.", schema("query")))));
        assertFalse(within.renameHintsSkipped(), "exactly the bound");
        assertEquals("find", hintOf(within.changes(), "search"));
    }
}
