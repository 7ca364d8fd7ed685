package dev.mcpgate.resume;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The resumable streams whose server is still writing, on this node, by session and stream number. */
final class LiveStreams {

    private final Map<Key, ResumableStream> streams = new ConcurrentHashMap<>();

    /** A live stream's key: no string built per stream (the session id and tag keep their hash codes). */
    private record Key(String sessionId, String tag, long number) {
    }

    void add(ResumableStream stream) {
        streams.put(key(stream.sessionId(), stream.tag(), stream.number()), stream);
    }

    void remove(ResumableStream stream) {
        streams.remove(key(stream.sessionId(), stream.tag(), stream.number()), stream);
    }

    /** The live stream an event id names in this session (its tag included: a session forgotten and begun again numbers its streams anew). */
    ResumableStream find(String sessionId, String tag, long number) {
        return streams.get(key(sessionId, tag, number));
    }

    int size() {
        return streams.size();
    }

    Iterable<ResumableStream> all() {
        return streams.values();
    }

    private static Key key(String sessionId, String tag, long number) {
        return new Key(sessionId, tag, number);
    }
}
