package dev.mcpgate.resume;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The resumable streams whose server is still writing, on this node, by session and stream number. */
final class LiveStreams {

    private final Map<String, ResumableStream> streams = new ConcurrentHashMap<>();

    void add(ResumableStream stream) {
        streams.put(key(stream.sessionId(), stream.number()), stream);
    }

    void remove(ResumableStream stream) {
        streams.remove(key(stream.sessionId(), stream.number()), stream);
    }

    ResumableStream find(String sessionId, long number) {
        return streams.get(key(sessionId, number));
    }

    int size() {
        return streams.size();
    }

    Iterable<ResumableStream> all() {
        return streams.values();
    }

    private static String key(String sessionId, long number) {
        return number + ":" + sessionId;
    }
}
