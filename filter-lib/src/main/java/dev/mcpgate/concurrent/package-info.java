/**
 * Where the filter's background work runs: the server's managed scheduled executor when it has one
 * (found by JNDI, so no Jakarta Concurrency class is needed), else a daemon thread of the filter's own,
 * shut down on undeploy.
 *
 * <p>May import the JDK and JNDI only.
 */
package dev.mcpgate.concurrent;
