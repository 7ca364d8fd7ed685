/**
 * The database store ({@code store=jpa}): the sink with its writer (a background worker of
 * {@code concurrent}), Flyway migrations, retention, the hourly rollups,
 * the catalogue history, catalogue pinning's approvals ({@link dev.mcpgate.store.StoredPinStore}), and the
 * reads ({@link dev.mcpgate.store.McpAnalytics}, {@link dev.mcpgate.store.StoredCatalogueHistory}). The filter
 * names only {@link dev.mcpgate.store.StoreSinks} and {@link dev.mcpgate.store.StoreSettings}; nothing here is
 * loaded unless the store is on.
 *
 * <h2>How the store persists</h2>
 * <ul>
 *   <li><b>Schema</b>: Flyway's ({@code db/migration/derby}, {@code db/migration/postgresql}); the
 *       persistence unit ({@code db/mcpgate-persistence.xml}) generates no DDL.</li>
 *   <li><b>Mapping</b>: one JPA entity per table — {@code RequestEntity}, {@code SessionEntity},
 *       {@code SchemaVersionEntity}, {@code SchemaChangeEntity}, {@code SchemaSeenEntity},
 *       {@code SchemaStateEntity}, {@code StoreHealthEntity}, {@code QuarantineEntity}, {@code RollupHourEntity},
 *       {@code ApprovalEntity} ({@code mcp_approval}), {@code CataloguePinEntity} ({@code mcp_catalogue_pin}),
 *       each listed in the persistence unit. They are read mappings (no setters). A new table needs its
 *       entity: the store ITs check that every table has one and that each reads back what the writer
 *       wrote.</li>
 *   <li><b>Reads</b>: through JPA — JPQL with bound parameters and {@code setMaxResults}, each in an
 *       entity manager of its own ({@code JpaReads}). Native queries are left for what JPQL cannot
 *       say, four of them: PostgreSQL's {@code percentile_cont} and Derby's rows at a rank
 *       ({@code OFFSET ... FETCH}) for the latency percentiles ({@code McpAnalytics}), and the raw rows
 *       grouped in the database by time step or target and latency bucket ({@code TimeseriesReads}:
 *       {@code LN}, each dialect's time difference), whose result rows are bounded by the groups, not
 *       by a limit. The hourly rollups are read a page of rows at a time ({@code RollupReads}); the
 *       catalogue's {@code changesTo} has no row limit by design (every change that led to one version,
 *       bounded by the list's size, which {@code schema-max-capture} bounds).
 *       The reads that belong to a write — the writer's "is this row there already" checks,
 *       retention's choice of the rows to delete — stay with the write, in its JDBC transaction.</li>
 *   <li><b>Writes</b>: plain JDBC, never JPA — {@code BatchWriter}: exchanges, sessions, health,
 *       quarantine, and the approval decisions ({@code ApprovalRows}, {@code mcp_approval}) in the same
 *       transaction; {@code StoredCatalogueHistory}: the catalogue; {@code StoredPinStore}: an operator's
 *       approval of a catalogue version ({@code mcp_catalogue_pin}, one INSERT, not on a request thread);
 *       {@code Retention}: chunked deletes; {@code HourlyRollup}: the hourly rollups.
 *       On PostgreSQL the exchange rows of a batch go in with one {@code COPY mcp_request (...) FROM
 *       STDIN} ({@code RequestCopy}, text encoded by {@code CopyText}; the only class that names the
 *       PostgreSQL driver), else (Derby, a pooled connection that does not unwrap to pgjdbc's, a database
 *       that answered COPY with SQLState class 0A) with an {@code INSERT} batch. The hot path's figures
 *       (README, Performance; 100,000 rows through a {@code StoreSink}): PostgreSQL 62,068 rows/s through
 *       COPY (55,528 with {@code fsync} and {@code synchronous_commit} on), Derby 17,319 rows/s.
 *       Why not JPA: the same load of 500-row transactions with 50 session counter updates each (the store
 *       ITs' {@code measureWriterThroughput} against {@code measureJpaWritePathForComparison}) wrote
 *       4,100–10,900 rows/s on Derby and 16,600–31,500 on PostgreSQL with JDBC batches, against
 *       1,900–6,100 and 4,900–6,200 with EclipseLink's {@code persist} and JDBC batch writing — the writer
 *       is what bounds the events a busy endpoint can keep. And the writer needs what JPA hides: counters
 *       updated in place ({@code request_count = request_count + ?}) and upserts (UPDATE, then INSERT)
 *       without reading the rows first, COPY, and the failing statement's SQLState, by which a batch is
 *       split and one refused event set aside in {@code mcp_quarantine} while the others are written.</li>
 *   <li><b>Times</b> are UTC wall-clock {@code TIMESTAMP}s: the JDBC writers bind them with a UTC
 *       calendar, the entities map them as {@code LocalDateTime} ({@code UtcTime}).</li>
 * </ul>
 *
 * <p>May import {@code event}, {@code schema}, {@code protocol}, {@code redact}, {@code concurrent}, {@code pin}
 * (the {@code PinStore} it implements), JPA, JDBC, JNDI, EclipseLink, Flyway and the PostgreSQL driver
 * ({@code RequestCopy} only, loaded only when the connection is pgjdbc's). The only package that touches
 * JDBC or JPA; it does not import {@code dev.mcpgate} (it gets its settings as
 * {@link dev.mcpgate.store.StoreSettings}).
 */
package dev.mcpgate.store;
