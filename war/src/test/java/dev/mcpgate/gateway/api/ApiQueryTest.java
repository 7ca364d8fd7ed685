package dev.mcpgate.gateway.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ApiQueryTest {

    private static final Instant NOW = Instant.parse("2026-11-22T08:00:00Z");
    private static final Set<String> ALLOWED = Set.of("since", "until", "limit", "window");

    private static ApiQuery query(Map<String, String[]> parameters) {
        return new ApiQuery(parameters, ALLOWED, NOW);
    }

    @Test
    void unknownOrRepeatedParametersAreRefusedByName() {
        assertEquals("colour", assertThrows(BadParameterException.class,
                () -> query(Map.of("colour", new String[] {"blue"}))).parameter());
        assertEquals("limit", assertThrows(BadParameterException.class,
                () -> query(Map.of("limit", new String[] {"1", "2"}))).parameter());
    }

    @Test
    void limitDefaultsAndStaysWithinBounds() {
        assertEquals(ApiQuery.DEFAULT_LIMIT, query(Map.of()).limit());
        assertEquals(7, query(Map.of("limit", new String[] {"7"})).limit());
        assertThrows(BadParameterException.class, () -> query(Map.of("limit", new String[] {"0"})).limit());
        assertThrows(BadParameterException.class, () -> query(Map.of("limit", new String[] {"1001"})).limit());
        assertThrows(BadParameterException.class, () -> query(Map.of("limit", new String[] {"lots"})).limit());
    }

    @Test
    void timesAreInstantsOrDurationsBackFromNow() {
        assertEquals(NOW.minus(Duration.ofHours(1)), query(Map.of("since", new String[] {"PT1H"})).since());
        assertEquals(Instant.parse("2026-11-21T00:00:00Z"),
                query(Map.of("since", new String[] {"2026-11-21T00:00:00Z"})).since());
        assertEquals(NOW.minus(ApiQuery.DEFAULT_WINDOW), query(Map.of()).since());
        assertEquals(NOW.minus(Duration.ofDays(7)), query(Map.of("window", new String[] {"P7D"})).windowStart());
        assertThrows(BadParameterException.class, () -> query(Map.of("since", new String[] {"yesterday"})).since());
    }

    @Test
    void aWindowMustBeOrderedAndBounded() {
        assertThrows(BadParameterException.class, () -> ApiQuery.checkWindow(NOW, NOW));
        assertThrows(BadParameterException.class, () -> ApiQuery.checkWindow(NOW.minus(Duration.ofDays(400)), NOW));
        ApiQuery.checkWindow(NOW.minus(Duration.ofDays(1)), NOW);
    }

    @Test
    void fromAndToAreTheOtherNamesOfSinceAndUntilButNotBesideThem() {
        Set<String> names = Set.of("since", "until", "from", "to");
        ApiQuery fromTo = new ApiQuery(Map.of("from", new String[] {"PT2H"}, "to", new String[] {"PT1H"}), names, NOW);
        assertEquals(new ApiQuery.Window(NOW.minus(Duration.ofHours(2)), NOW.minus(Duration.ofHours(1))),
                fromTo.windowOrFromTo());
        ApiQuery sinceUntil = new ApiQuery(Map.of("since", new String[] {"PT2H"}), names, NOW);
        assertEquals(new ApiQuery.Window(NOW.minus(Duration.ofHours(2)), NOW.plusMillis(1)),
                sinceUntil.windowOrFromTo());
        assertEquals("from", assertThrows(BadParameterException.class, () -> new ApiQuery(Map.of("since",
                new String[] {"PT2H"}, "from", new String[] {"PT3H"}), names, NOW).windowOrFromTo()).parameter());
        assertEquals("to", assertThrows(BadParameterException.class, () -> new ApiQuery(Map.of("to",
                new String[] {"bad"}), names, NOW).windowOrFromTo()).parameter());
        assertThrows(BadParameterException.class, () -> new ApiQuery(Map.of("from", new String[] {"PT1H"},
                "to", new String[] {"PT2H"}), names, NOW).windowOrFromTo());
    }
}
