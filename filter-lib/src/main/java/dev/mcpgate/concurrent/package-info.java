/**
 * Where the filter's background work runs: the server's managed scheduled executor when it has one
 * (found by JNDI, so no Jakarta Concurrency class is needed), else daemon threads of the filter's own,
 * shut down on undeploy; and the one background worker with back-off
 * ({@link dev.mcpgate.concurrent.BackgroundWorker}) that the store's writer and the catalogue tracker run as.
 *
 * <p>May import the JDK and JNDI only.
 */
package dev.mcpgate.concurrent;
