/**
 * What McpGate shows of secrets: URLs without credentials, session ids as prefix or fingerprint, log
 * text cut and cleaned. Pure functions used wherever text leaves the filter (logs, rows, error bodies,
 * the health answer).
 *
 * <p>May import the JDK only.
 */
package dev.mcpgate.redact;
