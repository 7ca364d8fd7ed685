package dev.mcpgate.store;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A closed store builds no new EntityManagerFactory (review finding 5). */
class McpStoreCloseTest {

    /**
     * A late catalogue-tracker round (close gave up on it) asking for the factory after close.
     * Failed before the fix: a new factory was built on the closed store (embedded Derby rebooted).
     */
    @Test
    void theEntityManagerFactoryIsRefusedAfterClose(@TempDir Path dir) throws Exception {
        McpStore store = StoreSinks.openEmbeddedDerby(dir.resolve("store"), getClass().getClassLoader());
        store.entityManagerFactory();
        store.close();
        assertThrows(IllegalStateException.class, store::entityManagerFactory);
    }
}
