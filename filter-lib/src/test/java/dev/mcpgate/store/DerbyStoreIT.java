package dev.mcpgate.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import javax.sql.DataSource;

/** {@link AbstractStoreIT} on embedded Apache Derby 10.16 in a fresh directory under {@code target/}. */
class DerbyStoreIT extends AbstractStoreIT {

    private String database;

    @Override
    protected DataSource startDatabase() throws IOException {
        Path directory = Files.createTempDirectory(Path.of("target"), "derby-store-it");
        System.setProperty("derby.stream.error.file", directory.resolve("derby.log").toString());
        database = directory.resolve("db").toAbsolutePath().toString();
        return new DriverDataSource("jdbc:derby:" + database + ";create=true", null, null,
                DerbyStoreIT.class.getClassLoader());
    }

    @Override
    protected void stopDatabase() {
        try {
            new DriverDataSource("jdbc:derby:" + database + ";shutdown=true", null, null,
                    DerbyStoreIT.class.getClassLoader()).getConnection().close();
        } catch (SQLException expected) {
            // 08006: the database shut down
        }
    }
}
