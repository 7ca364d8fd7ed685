package dev.mcpgate.pin;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Approvals in memory, for {@code store=none}: they last as long as the application. */
public final class InMemoryPinStore implements PinStore {

    private final Map<String, Map<String, Pin>> byEndpoint = new ConcurrentHashMap<>();

    @Override
    public List<Pin> inForce(String endpoint) {
        return new ArrayList<>(byEndpoint.getOrDefault(endpoint, Map.of()).values());
    }

    @Override
    public void save(Pin pin) {
        byEndpoint.computeIfAbsent(pin.endpoint(), e -> new ConcurrentHashMap<>()).put(pin.listMethod(), pin);
    }
}
