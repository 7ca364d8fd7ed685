package dev.mcpgate.web;

/**
 * The era bridge as the observer sees it ({@code bridge=on}): asked once per exchange, after the guard let it
 * through and before the session rules, resumption and the interceptors, whether it takes the exchange. An
 * exchange it takes never reaches the chain: the bridge answers it (a refusal at once, or a translation on a
 * bridge thread through {@link BridgedExchange#startAsync()}), and it is recorded like any other.
 */
@FunctionalInterface
public interface ExchangeBridge {

    /**
     * Decides about one exchange; cheap on the request thread (no blocking I/O). Never throws: trouble of its
     * own lets the exchange pass.
     *
     * @return whether the bridge took it (answered it, or will)
     */
    boolean take(BridgedExchange exchange);
}
