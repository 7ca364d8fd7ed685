package dev.mcpgate.pin;

import java.util.List;

/**
 * Where approvals are kept: in memory ({@link InMemoryPinStore}, with {@code store=none}: lost on
 * restart) or in the analytics database ({@code store=jpa}, table {@code mcp_catalogue_pin}, every
 * approval a row). Called at start and on approval, never on a request thread. A store that cannot reach
 * its storage throws an unchecked exception; the caller tries again.
 */
public interface PinStore {

    /** The approval in force (the latest) of each list of an endpoint. */
    List<Pin> inForce(String endpoint);

    /** Records an approval. */
    void save(Pin pin);
}
