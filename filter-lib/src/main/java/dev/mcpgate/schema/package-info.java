/**
 * The catalogue history: capture of the list answers ({@code tools/list}, ... and the server's own
 * identity), pagination merge per client, canonical hashing, diffs between versions, the
 * {@link dev.mcpgate.schema.CatalogueHistory} SPI with its in-memory implementation, and
 * {@link dev.mcpgate.schema.McpCatalogue}, the read side applications use.
 *
 * <p>May import {@code event}, {@code protocol}, {@code redact}, {@code concurrent} (the tracker is a
 * background worker) and JSON-P.
 */
package dev.mcpgate.schema;
