/**
 * The database store ({@code store=jpa}): the sink with its writer (a background worker of
 * {@code concurrent}), JDBC batch writes, Flyway
 * migrations, retention, the catalogue history on JDBC, and the reads ({@link dev.mcpgate.store.McpAnalytics})
 * through JPA entities. The filter names only {@link dev.mcpgate.store.StoreSinks} and
 * {@link dev.mcpgate.store.StoreSettings}; nothing here is loaded unless the store is on.
 *
 * <p>May import {@code event}, {@code schema}, {@code protocol}, {@code redact}, {@code concurrent}, JPA, JDBC, JNDI,
 * EclipseLink and Flyway. The only package that touches JDBC or JPA; it does not import
 * {@code dev.mcpgate} (it gets its settings as {@link dev.mcpgate.store.StoreSettings}).
 */
package dev.mcpgate.store;
