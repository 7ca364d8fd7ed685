/**
 * {@code java -jar mcpgate.jar}: the launcher that starts an embedded Tomcat with the gateway WAR,
 * its command-line and environment options, the admin user of the dashboard, and the Maven
 * {@code run} helper.
 *
 * <p>May import {@code dev.mcpgate.redact}, Tomcat (catalina, juli) and the JDK; it reaches the WAR
 * only through its settings (system properties), never its classes.
 */
package dev.mcpgate.launcher;
