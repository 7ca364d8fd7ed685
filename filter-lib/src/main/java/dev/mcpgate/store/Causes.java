package dev.mcpgate.store;

import java.util.ArrayList;
import java.util.List;

/**
 * The cause chain of a failure, bounded: what a driver, a pool or Flyway wraps around the
 * exception that says what went wrong. One walk for the classifications of {@link WriteFailure}
 * and {@link StoreFailure}, which look through the whole chain.
 */
final class Causes {

    /** How many causes are followed at most (a driver's chain is a handful; a cycle is cut here). */
    private static final int MAX = 20;

    private Causes() {
    }

    /** {@code failure} and its causes, outermost first, at most {@value #MAX}. */
    static List<Throwable> of(Throwable failure) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = failure; t != null && chain.size() < MAX; t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }
}
