/**
 * The database store ({@code store=jpa}): the sink with its writer (a background worker of
 * {@code concurrent}), Flyway migrations, retention,
 * the catalogue history, and the reads ({@link dev.mcpgate.store.McpAnalytics},
 * {@link dev.mcpgate.store.StoredCatalogueHistory}). The filter names only
 * {@link dev.mcpgate.store.StoreSinks} and {@link dev.mcpgate.store.StoreSettings}; nothing here is
 * loaded unless the store is on.
 *
 * <h2>How the store persists</h2>
 * <ul>
 *   <li><b>Schema</b>: Flyway's ({@code db/migration/derby}, {@code db/migration/postgresql}); the
 *       persistence unit ({@code db/mcpgate-persistence.xml}) generates no DDL.</li>
 *   <li><b>Mapping</b>: one JPA entity per table — {@code RequestEntity}, {@code SessionEntity},
 *       {@code SchemaVersionEntity}, {@code SchemaChangeEntity}, {@code SchemaSeenEntity},
 *       {@code SchemaStateEntity}, {@code StoreHealthEntity}, {@code QuarantineEntity}, {@code RollupHourEntity}, each
 *       listed in the
 *       persistence unit. They are read mappings (no setters). A new table needs its entity: the store
 *       ITs check that every table has one and that each reads back what the writer wrote.</li>
 *   <li><b>Reads</b>: through JPA — JPQL with bound parameters and {@code setMaxResults}, each in an
 *       entity manager of its own ({@code JpaReads}). Native queries are left for what JPQL cannot
 *       say: PostgreSQL's {@code percentile_cont}, Derby's rows at a rank ({@code OFFSET ... FETCH}), and the
 *       raw rows grouped by time step and latency bucket ({@code TimeseriesReads}: {@code LN}, and each
 *       dialect's time difference).
 *       The reads that belong to a write — the writer's "is this row there already" checks,
 *       retention's choice of the rows to delete — stay with the write, in its JDBC transaction.</li>
 *   <li><b>Writes</b>: plain JDBC ({@code BatchWriter}: exchanges, sessions, health, quarantine;
 *       {@code StoredCatalogueHistory}: the catalogue; {@code Retention}: chunked deletes; {@code HourlyRollup}: the
 *       hourly rollups), never JPA.
 *       Measured: the same load of 500-row transactions with 50 session counter updates each (the store
 *       ITs' {@code measureWriterThroughput} against {@code measureJpaWritePathForComparison}) wrote
 *       4,100–10,900 rows/s on Derby and 16,600–31,500 on PostgreSQL with JDBC batches, against
 *       1,900–6,100 and 4,900–6,200 with EclipseLink's {@code persist} and JDBC batch writing — the writer
 *       is what bounds the events a busy endpoint can keep. And the writer needs what JPA hides: counters
 *       updated in place ({@code request_count = request_count + ?}) and upserts (UPDATE, then INSERT)
 *       without reading the rows first, and the failing statement's SQLState, by which a batch is split
 *       and one refused event set aside in {@code mcp_quarantine} while the others are written.</li>
 *   <li><b>Times</b> are UTC wall-clock {@code TIMESTAMP}s: the JDBC writers bind them with a UTC
 *       calendar, the entities map them as {@code LocalDateTime} ({@code UtcTime}).</li>
 * </ul>
 *
 * <p>May import {@code event}, {@code schema}, {@code protocol}, {@code redact}, {@code concurrent}, JPA, JDBC, JNDI,
 * EclipseLink and Flyway. The only package that touches JDBC or JPA; it does not import
 * {@code dev.mcpgate} (it gets its settings as {@link dev.mcpgate.store.StoreSettings}).
 */
package dev.mcpgate.store;
