package dev.mcpgate.store;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.mcpgate.event.EndReason;
import dev.mcpgate.event.McpEvent;
import dev.mcpgate.event.Outcome;
import dev.mcpgate.event.RequestCompleted;
import dev.mcpgate.event.SchemaItemChange;
import dev.mcpgate.event.TimeOrderedIds;
import dev.mcpgate.event.Violation;
import dev.mcpgate.protocol.ClientIdentity;
import dev.mcpgate.protocol.Era;
import dev.mcpgate.schema.CatalogueChange;
import dev.mcpgate.schema.CatalogueVersion;
import dev.mcpgate.schema.Sighting;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Table;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * Per entity of the persistence unit: a row written by the store's own JDBC writer ({@link BatchWriter},
 * {@link StoredCatalogueHistory}), read back through the entity, every column compared. A mapping whose
 * table, column name or type does not match the Flyway schema fails here. Used by {@link AbstractStoreIT},
 * so on every database it runs on.
 */
final class EntityMappingChecks {

    private static final String ENDPOINT = "mapped";

    private final DataSource dataSource;
    private final McpStore store;
    private final Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(60);

    EntityMappingChecks(DataSource dataSource, McpStore store) {
        this.dataSource = dataSource;
        this.store = store;
    }

    /** The mcp_* tables of the database (but Flyway's history) and the tables the entities map, in lower case. */
    void everyTableHasAnEntity() throws SQLException {
        Set<String> tables = new TreeSet<>();
        try (Connection c = dataSource.getConnection();
             ResultSet rs = c.getMetaData().getTables(null, null, null, new String[] {"TABLE"})) {
            while (rs.next()) {
                String name = rs.getString("TABLE_NAME").toLowerCase(Locale.ROOT);
                if (name.startsWith("mcp_") && !name.equals(McpStore.HISTORY_TABLE)) {
                    tables.add(name);
                }
            }
        }
        List<String> names = read(em -> em.getMetamodel().getEntities().stream()
                .map(type -> type.getJavaType().getAnnotation(Table.class).name()).toList());
        Set<String> mapped = new TreeSet<>(names);
        assertEquals(names.size(), mapped.size(), "one entity per table: " + names);
        assertEquals(tables, mapped, "every table of the schema is mapped by one entity of the persistence unit");
    }

    void request() throws SQLException {
        RequestCompleted r = new RequestCompleted(TimeOrderedIds.next(), t0, ENDPOINT, "s-1", Era.LEGACY, "2025-06-18",
                "POST", 403, "tools/call", "7", "echo", Outcome.REJECTED, -32600, "refused", 1234, 120, 300,
                ClientIdentity.of("claude-ai", "1.2.3"), "alice", true, 2, Violation.ORIGIN);
        write(List.of(r), null);
        RequestEntity e = read(em -> em.find(RequestEntity.class, r.id()));
        assertNotNull(e, "the row by its id");
        assertAll(() -> assertEquals(t0, UtcTime.instant(e.getTimestamp())),
                () -> assertEquals(List.of(ENDPOINT, "s-1", "legacy", "2025-06-18", "POST", "tools/call", "7", "echo",
                        "rejected", "refused", "claude-ai", "1.2.3", "claude", "alice", "origin"),
                        List.of(e.getEndpoint(), e.getSessionId(), e.getEra(), e.getProtocolVersion(), e.getHttpMethod(),
                                e.getMcpMethod(), e.getJsonRpcId(), e.getTarget(), e.getOutcome(), e.getErrorMessage(),
                                e.getClientName(), e.getClientVersion(), e.getClientPlatform(), e.getPrincipal(),
                                e.getViolation())),
                () -> assertEquals(List.of(403L, -32600L, 1234L, 120L, 300L, 2L), List.of((long) e.getHttpStatus(),
                        (long) e.getErrorCode(), e.getLatencyMicros(), e.getBytesIn(), e.getBytesOut(),
                        (long) e.getMessagesOut())),
                () -> assertEquals(true, e.isSse()));
    }

    void session() throws SQLException {
        write(List.of(StoreEvents.started(ENDPOINT, "s-2", t0, "cursor"),
                StoreEvents.call(ENDPOINT, "s-2", t0.plusSeconds(1), "echo", Outcome.ERROR, 5, "cursor"),
                StoreEvents.ended(ENDPOINT, "s-2", t0.plusSeconds(2), EndReason.CLIENT_DELETE)), null);
        SessionEntity e = read(em -> em.createQuery("SELECT s FROM SessionEntity s WHERE s.endpoint = :e",
                SessionEntity.class).setParameter("e", ENDPOINT).getSingleResult());
        assertAll(() -> assertEquals(36, e.getId().length()),
                () -> assertEquals(List.of("s-2", "legacy", "2025-06-18", "cursor", "1.2.3", "cursor", "alice",
                        "client_delete"), List.of(e.getSessionId(), e.getEra(), e.getProtocolVersion(), e.getClientName(),
                        e.getClientVersion(), e.getClientPlatform(), e.getPrincipal(), e.getEndReason())),
                () -> assertEquals(List.of(t0, t0.plusSeconds(1), t0.plusSeconds(2)), List.of(
                        UtcTime.instant(e.getStartedAt()), UtcTime.instant(e.getLastSeen()),
                        UtcTime.instant(e.getEndedAt()))),
                () -> assertEquals(List.of(1L, 1L), List.of(e.getRequestCount(), e.getErrorCount())));
    }

    void storeHealth() throws SQLException {
        write(List.of(), new BatchWriter.Health(ENDPOINT, t0, 11, 2, 3, 4, 5, 6, "it broke", t0.minusSeconds(5), 7));
        StoreHealthEntity e = read(em -> em.find(StoreHealthEntity.class, ENDPOINT));
        assertNotNull(e, "the row by its endpoint");
        assertAll(() -> assertEquals(List.of(11L, 2L, 3L, 4L, 5L, 6L, 7L), List.of(e.getRowsWritten(),
                        e.getBatchesWritten(), e.getWriteFailures(), e.getEventsDropped(), e.getEventsPending(),
                        e.getQueueDropped(), e.getQuarantined())),
                () -> assertEquals("it broke", e.getLastError()),
                () -> assertEquals(List.of(t0, t0.minusSeconds(5)), List.of(UtcTime.instant(e.getUpdatedAt()),
                        UtcTime.instant(e.getLastErrorAt()))));
    }

    void quarantine() throws SQLException {
        McpEvent event = StoreEvents.call(ENDPOINT, "s-3", t0, "bad", Outcome.OK, 5, "c");
        try (Connection c = dataSource.getConnection()) {
            new BatchWriter().quarantine(c, ENDPOINT, event, "22001", "value too long", t0.plusSeconds(1));
        }
        QuarantineEntity e = read(em -> em.createQuery("SELECT q FROM QuarantineEntity q WHERE q.endpoint = :e",
                QuarantineEntity.class).setParameter("e", ENDPOINT).getSingleResult());
        assertAll(() -> assertEquals(List.of("request_completed", "22001", "value too long"),
                        List.of(e.getEventKind(), e.getSqlState(), e.getReason())),
                () -> assertEquals(List.of(t0.plusSeconds(1), t0), List.of(UtcTime.instant(e.getTimestamp()),
                        UtcTime.instant(e.getEventTimestamp()))),
                () -> assertEquals(true, e.getEventJson().contains("\"target\":\"bad\""), e.getEventJson()));
    }

    /** An hour of two exchanges of one tool rolled up by {@link HourlyRollup}: one row, read back through the entity. */
    void rollupHour() throws SQLException {
        Instant hour = TimeStep.HOUR.floor(t0).minus(java.time.Duration.ofHours(2));
        write(List.of(StoreEvents.call(ENDPOINT, null, hour.plusSeconds(5), "echo", Outcome.OK, 1_000, "c"),
                StoreEvents.call(ENDPOINT, null, hour.plusSeconds(6), "echo", Outcome.TOOL_ERROR, 2_000, "c")), null);
        try (Connection c = dataSource.getConnection()) {
            assertEquals(1, new HourlyRollup(ENDPOINT).rollUp(c, hour), "one method and target: one row");
        }
        RollupHourEntity e = read(em -> em.createQuery("SELECT r FROM RollupHourEntity r WHERE r.endpoint = :e",
                RollupHourEntity.class).setParameter("e", ENDPOINT).getSingleResult());
        LatencyHistogram read = new LatencyHistogram();
        read.mergeText(e.getHistogram());
        assertAll(() -> assertEquals(List.of(ENDPOINT, "tools/call", "echo"), List.of(e.getEndpoint(),
                        e.getMcpMethod(), e.getTarget())),
                () -> assertEquals(hour, UtcTime.instant(e.getHourStart())),
                () -> assertEquals(0, e.getSeq()),
                () -> assertEquals(List.of(2L, 0L, 1L), List.of(e.getCalls(), e.getErrors(), e.getToolErrors())),
                () -> assertEquals(2, read.count(), "the histogram holds both latencies: " + e.getHistogram()),
                () -> assertEquals(1_000.0, read.percentile(0).doubleValue(), 1_000 * LatencyHistogram.RELATIVE_ERROR),
                () -> assertEquals(2_000.0, read.percentile(1).doubleValue(), 2_000 * LatencyHistogram.RELATIVE_ERROR));
    }

    /** A version (with a payload longer than any VARCHAR: CLOB on Derby, TEXT on PostgreSQL) and its change. */
    void schemaVersionAndChange() {
        String payload = "{\"tools\":[" + "{\"name\":\"x\"},".repeat(20_000) + "{\"name\":\"y\"}]}";
        StoredCatalogueHistory history = new StoredCatalogueHistory(() -> store);
        history.add(new CatalogueVersion(ENDPOINT, "tools/list", 1, "content-1", "contract-1", 20_001, t0, payload),
                List.of(new CatalogueChange(ENDPOINT, "tools/list", null, 1, t0, new SchemaItemChange("tool", "x",
                        SchemaItemChange.ADDED, List.of("description", "title"), true, "y"))));
        SchemaVersionEntity v = read(em -> em.createQuery("SELECT v FROM SchemaVersionEntity v WHERE v.endpoint = :e",
                SchemaVersionEntity.class).setParameter("e", ENDPOINT).getSingleResult());
        assertAll(() -> assertEquals(List.of("tools/list", "content-1", "contract-1"),
                        List.of(v.getListMethod(), v.getContentHash(), v.getContractHash())),
                () -> assertEquals(List.of(1, 20_001), List.of(v.getVersionNo(), v.getItemCount())),
                () -> assertEquals(t0, UtcTime.instant(v.getFirstSeen())),
                () -> assertEquals(payload, v.getPayload(), "the whole payload"));
        SchemaChangeEntity c = read(em -> em.createQuery("SELECT c FROM SchemaChangeEntity c WHERE c.endpoint = :e",
                SchemaChangeEntity.class).setParameter("e", ENDPOINT).getSingleResult());
        assertAll(() -> assertEquals(null, c.getFromVersion()),
                () -> assertEquals(1, c.getToVersion()),
                () -> assertEquals(List.of("tools/list", "tool", "x", "added", "description,title", "y"),
                        List.of(c.getListMethod(), c.getItemKind(), c.getItemName(), c.getChangeKind(),
                                c.getChangedFields(), c.getRenameHint())),
                () -> assertEquals(true, c.isDescriptionOnly()),
                () -> assertEquals(t0, UtcTime.instant(c.getDetectedAt())));
    }

    void schemaSeenAndState() {
        StoredCatalogueHistory history = new StoredCatalogueHistory(() -> store);
        history.seen(new Sighting(ENDPOINT, "prompts/list", 3, null, "bob", "cursor", t0, t0.plusSeconds(9)));
        history.current(ENDPOINT, "prompts/list", 3, t0.plusSeconds(10));
        history.markStale(ENDPOINT, "prompts/list", t0.plusSeconds(11));
        SchemaSeenEntity s = read(em -> em.createQuery("SELECT s FROM SchemaSeenEntity s WHERE s.endpoint = :e",
                SchemaSeenEntity.class).setParameter("e", ENDPOINT).getSingleResult());
        assertAll(() -> assertEquals(Arrays.asList("prompts/list", "client:bob|cursor", null, "bob", "cursor"),
                        Arrays.asList(s.getListMethod(), s.getReceiver(), s.getSessionId(), s.getPrincipal(),
                                s.getClientName())),
                () -> assertEquals(3, s.getVersionNo()),
                () -> assertEquals(List.of(t0, t0.plusSeconds(9)), List.of(UtcTime.instant(s.getFirstSeen()),
                        UtcTime.instant(s.getLastSeen()))));
        SchemaStateEntity state = read(em -> em.find(SchemaStateEntity.class,
                new SchemaStateEntity.Key(ENDPOINT, "prompts/list")));
        assertNotNull(state, "the row by its key (endpoint, list_method)");
        assertAll(() -> assertEquals(3, state.getCurrentVersion()),
                () -> assertEquals(List.of(t0.plusSeconds(11), t0.plusSeconds(11)), List.of(
                        UtcTime.instant(state.getStaleSince()), UtcTime.instant(state.getUpdatedAt()))));
    }

    private void write(List<McpEvent> events, BatchWriter.Health health) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            new BatchWriter().write(c, events, false, health);
        }
    }

    private <T> T read(Function<EntityManager, T> work) {
        return JpaReads.apply(store.entityManagerFactory(), work);
    }
}
