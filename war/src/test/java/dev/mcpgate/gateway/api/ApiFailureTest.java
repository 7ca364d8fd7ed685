package dev.mcpgate.gateway.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mcpgate.schema.CatalogueHistory;
import java.sql.SQLNonTransientConnectionException;
import org.junit.jupiter.api.Test;

class ApiFailureTest {

    @Test
    void badParameterIs400NamingIt() {
        ApiFailure failure = ApiFailure.of(new BadParameterException("limit", "not a number: lots"));
        assertEquals(400, failure.status());
        assertEquals("bad_parameter", failure.error());
        assertEquals("limit", failure.parameter());
        assertFalse(failure.log());
    }

    @Test
    void filterNotStartedIs503WithItsOwnReason() {
        ApiFailure failure = ApiFailure.of(new ApiFailure.NotStartedException(AnalyticsApiServlet.NOT_STARTED));
        assertEquals(503, failure.status());
        assertEquals("not_started", failure.error());
        assertEquals(AnalyticsApiServlet.NOT_STARTED, failure.message());
    }

    @Test
    void storeOffOrStillOpeningIs503StoreUnavailable() {
        ApiFailure off = ApiFailure.of(new AnalyticsApiServlet.StoreUnavailableException("stores nothing (store=none)"));
        assertEquals(503, off.status());
        assertEquals("store_unavailable", off.error());
        ApiFailure opening = ApiFailure.of(new CatalogueHistory.NotReady("the McpGate store is not open yet"));
        assertEquals(503, opening.status());
        assertEquals("store_unavailable", opening.error());
    }

    @Test
    void databaseFailureDeepInTheCausesIs503StoreUnavailableAndLogged() {
        // as JPA reports one: PersistenceException( DatabaseException( SQLException ) )
        RuntimeException jpa = new IllegalStateException("Exception [EclipseLink-4002]",
                new RuntimeException("Internal Exception", new SQLNonTransientConnectionException(
                        "Connection refused to jdbc:postgresql://db/mcp?password=secret", "08001")));
        ApiFailure failure = ApiFailure.of(jpa);
        assertEquals(503, failure.status());
        assertEquals("store_unavailable", failure.error());
        assertTrue(failure.message().contains("08001"), failure.message());
        assertFalse(failure.message().contains("secret"), "the database's own message stays in the log");
        assertTrue(failure.log());
    }

    @Test
    void anyOtherFailureIs500WithoutDetailAndLogged() {
        for (RuntimeException defect : new RuntimeException[] {new NullPointerException("endpoint.name()"),
                new IllegalStateException("EntityManagerFactory is closed"), new ClassCastException("x")}) {
            ApiFailure failure = ApiFailure.of(defect);
            assertEquals(500, failure.status(), defect.toString());
            assertEquals("internal_error", failure.error());
            assertFalse(failure.message().contains(defect.getMessage()), failure.message());
            assertTrue(failure.log());
        }
    }
}
