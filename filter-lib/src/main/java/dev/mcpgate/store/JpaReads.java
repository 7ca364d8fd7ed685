package dev.mcpgate.store;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.util.function.Function;

/**
 * How the store reads: every read runs in an {@link EntityManager} of its own (RESOURCE_LOCAL, no
 * transaction, no shared cache), closed afterwards, so that nothing read is kept between calls and a
 * read never waits on another. Writes do not come here: see the package documentation.
 */
final class JpaReads {

    private JpaReads() {
    }

    static <T> T apply(EntityManagerFactory emf, Function<EntityManager, T> work) {
        EntityManager em = emf.createEntityManager();
        try {
            return work.apply(em);
        } finally {
            em.close();
        }
    }
}
