package dev.mcpgate.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import org.apache.derby.jdbc.EmbeddedDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An embedded Derby data source with a relative database name, as the EAR declares it in
 * {@code application.xml}: its database goes to the store's data directory, not to the directory
 * the server was started from, and the JVM is left without {@code derby.system.home}.
 */
class DerbyHomeTest {

    private static final ClassLoader LOADER = DerbyHomeTest.class.getClassLoader();
    private final String database = "derby-home-test-" + ProcessHandle.current().pid();

    @BeforeEach
    void engineDown() {
        // Derby reads derby.system.home when its engine boots, which this test does; shutting down an
        // engine that never ran boots it first, hence target/ as its home meanwhile (for its derby.log)
        inTarget(DerbyHomeTest::shutDownEngine);
    }

    @AfterEach
    void engineUpAgain() {
        inTarget(() -> {
            shutDownEngine();
            try { // booted again, as other tests of this JVM expect it: a driver instance boots the engine
                Class.forName("org.apache.derby.jdbc.EmbeddedDriver", true, LOADER).getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void aRelativeDatabaseOfTheApplicationsDataSourceGoesToTheDataDirectory(@TempDir Path dataDirectory)
            throws SQLException {
        EmbeddedDataSource declared = new EmbeddedDataSource();
        declared.setDatabaseName(database);
        declared.setCreateDatabase("create");

        try (McpStore store = StoreSinks.withDerbyHome(dataDirectory,
                () -> McpStore.open(declared, LOADER, () -> shutDown("jdbc:derby:" + database + ";shutdown=true")))) {
            assertEquals(Dialect.DERBY, store.dialect());
        }

        assertTrue(Files.isDirectory(dataDirectory.resolve(database).resolve("seg0")), "the database in " + dataDirectory);
        assertFalse(Files.exists(Path.of(System.getProperty("user.dir"), database)), "nothing in the working directory");
        assertNull(System.getProperty(StoreSinks.DERBY_HOME), "the property is not left behind");
    }

    private static void inTarget(Runnable derbyWork) {
        System.setProperty(StoreSinks.DERBY_HOME, Path.of("target").toAbsolutePath().toString());
        try {
            derbyWork.run();
        } finally {
            System.clearProperty(StoreSinks.DERBY_HOME);
        }
    }

    private static void shutDownEngine() {
        shutDown("jdbc:derby:;shutdown=true");
    }

    private static void shutDown(String url) {
        try {
            new DriverDataSource(url, null, null, LOADER).getConnection().close();
        } catch (SQLException expected) {
            // 08006 (database) and XJ015 (engine) say it is down; "No suitable driver" that it never ran
        }
    }
}
