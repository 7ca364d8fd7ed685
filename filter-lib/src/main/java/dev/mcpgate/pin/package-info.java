/**
 * Catalogue pinning: per endpoint, an operator approves a version of the tool catalogue that the
 * catalogue history recorded ({@code dev.mcpgate.schema}); with {@code catalogue-pinning=enforce}, a tool
 * whose definition (every field: description, schemas, annotations, ...) differs from the approved one is
 * hidden from {@code tools/list} and its calls are refused until an operator approves the new version.
 * New tools are hidden too unless {@code pinning-new-items=show}.
 *
 * <p>{@link dev.mcpgate.pin.CataloguePins} keeps the approved item hashes in memory (read from the
 * {@link dev.mcpgate.pin.PinStore} at start and written on approval, never on a request thread);
 * {@link dev.mcpgate.pin.PinningInterceptor} is the built-in interceptor that enforces them.
 *
 * <p>Imports: the JDK, Jakarta JSON Processing, {@code dev.mcpgate.intercept}, {@code dev.mcpgate.schema},
 * {@code dev.mcpgate.protocol}, {@code dev.mcpgate.concurrent} (the background worker that reads the approvals at
 * start). The database side ({@code mcp_catalogue_pin}) is
 * {@code dev.mcpgate.store.StoredPinStore}.
 */
package dev.mcpgate.pin;
