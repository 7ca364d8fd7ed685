package dev.mcpgate.event;

import java.util.ArrayList;
import java.util.List;

/** A sink that keeps every batch, for tests. */
public final class CollectingSink implements EventSink {

    public final List<EventBatch> batches = new ArrayList<>();
    public boolean closed;

    @Override
    public synchronized void accept(EventBatch batch) {
        batches.add(batch);
    }

    @Override
    public void close() {
        closed = true;
    }

    public synchronized List<McpEvent> events() {
        return batches.stream().flatMap(b -> b.events().stream()).toList();
    }
}
