package dev.mcpgate.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mcpgate.event.SchemaItemChange;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The in-memory history keeps catalogue versions as the database does (schema-keep-versions, store-retention). */
class InMemoryCatalogueHistoryTest {

    private static final Instant LONG_AGO = Instant.parse("2020-01-01T00:00:00Z");

    private static void addVersions(InMemoryCatalogueHistory history, int count, Instant recentlySeen) {
        for (int v = 1; v <= count; v++) {
            Instant first = LONG_AGO.plusSeconds(v);
            history.add(new CatalogueVersion("ep", "tools/list", v, "h" + v, "c" + v, 1, first, "[]"),
                    List.of(new CatalogueChange("ep", "tools/list", v == 1 ? null : v - 1, v, first,
                            new SchemaItemChange("tool", "t" + v, SchemaItemChange.ADDED, List.of(), false, null))));
            history.seen(new Sighting("ep", "tools/list", v, "s" + v, null, "c", first,
                    v == 3 ? recentlySeen : first)); // 3: an old list some users still receive
        }
    }

    private static List<Integer> versions(InMemoryCatalogueHistory history) {
        return history.versions("ep", "tools/list", 1000).stream().map(CatalogueVersion::version).sorted().toList();
    }

    @Test
    void versionsBeyondTheLastHundredAndOlderThanTheRetentionGoWithTheirChangesAndSightings() {
        InMemoryCatalogueHistory history = new InMemoryCatalogueHistory(); // the defaults: 100 versions, 30 days
        history.current("ep", "tools/list", 2, LONG_AGO); // 2: the list a server went back to
        addVersions(history, 150, Instant.now());
        List<Integer> expected = new ArrayList<>(List.of(2, 3));
        for (int v = 51; v <= 150; v++) {
            expected.add(v);
        }
        assertEquals(expected, versions(history), "the current one, the one seen lately and the last 100");
        assertEquals(List.of(), history.changesTo("ep", "tools/list", 1));
        assertEquals(List.of(), history.sightings("ep", "tools/list", 1, 10));
        assertEquals(1, history.changesTo("ep", "tools/list", 3).size());
        assertEquals(1, history.sightings("ep", "tools/list", 51, 10).size());
    }

    @Test
    void versionsWithinTheRetentionAreKeptWhateverTheirNumber() {
        Clock clock = Clock.fixed(LONG_AGO.plus(Duration.ofDays(1)), ZoneOffset.UTC);
        InMemoryCatalogueHistory history = new InMemoryCatalogueHistory(3, Duration.ofDays(2), clock);
        addVersions(history, 10, LONG_AGO);
        assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), versions(history), "all first seen a day ago");

        InMemoryCatalogueHistory shortRetention = new InMemoryCatalogueHistory(3, Duration.ofHours(1), clock);
        addVersions(shortRetention, 10, LONG_AGO);
        assertEquals(List.of(8, 9, 10), versions(shortRetention));
    }
}
