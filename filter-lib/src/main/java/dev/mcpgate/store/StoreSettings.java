package dev.mcpgate.store;

import dev.mcpgate.redact.Redaction;
import java.time.Duration;

/**
 * What the store needs of a filter's settings ({@code store}, {@code store-*}, {@code endpoint-name},
 * {@code schema-keep-versions}), already parsed and checked by the filter. It exists so that this
 * package does not depend on {@code dev.mcpgate.McpGateConfig}: the filter depends on the store, not
 * the other way round. {@link #toString} masks the password and redacts the JDBC URL.
 *
 * @param enabled         {@code store=jpa}
 * @param endpointName    the name the rows carry
 * @param jdbcUrl         {@code store-jdbc-url}, or empty
 * @param user            {@code store-user}, or empty
 * @param password        {@code store-password} (or the content of {@code store-password-file}), or empty
 * @param dataSource      {@code store-datasource}, a JNDI name, or empty
 * @param dataDir         {@code store-data-dir}, or empty for the server's own directory
 * @param batchSize       {@code store-batch-size}
 * @param maxPending      {@code store-max-pending}
 * @param retention       {@code store-retention}
 * @param shutdownTimeout {@code store-shutdown-timeout}
 * @param retryBackoff    {@code store-retry-backoff}
 * @param retryBackoffMax {@code store-retry-backoff-max}
 * @param keepVersions    {@code schema-keep-versions}
 * @param rollupRetention {@code store-rollup-retention}
 */
public record StoreSettings(boolean enabled, String endpointName, String jdbcUrl, String user, String password,
                            String dataSource, String dataDir, int batchSize, int maxPending, Duration retention,
                            Duration shutdownTimeout, Duration retryBackoff, Duration retryBackoffMax,
                            int keepVersions, Duration rollupRetention) {

    @Override
    public String toString() {
        return "StoreSettings[enabled=" + enabled + ", endpointName=" + endpointName
                + ", jdbcUrl=" + Redaction.url(jdbcUrl) + ", user=" + user
                + ", password=" + (password.isEmpty() ? "" : Redaction.MASK) + ", dataSource=" + dataSource
                + ", dataDir=" + dataDir + ", batchSize=" + batchSize + ", maxPending=" + maxPending
                + ", retention=" + retention + ", shutdownTimeout=" + shutdownTimeout
                + ", retryBackoff=" + retryBackoff + ", retryBackoffMax=" + retryBackoffMax
                + ", keepVersions=" + keepVersions + ", rollupRetention=" + rollupRetention + "]";
    }
}
