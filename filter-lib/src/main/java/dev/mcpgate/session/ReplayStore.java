package dev.mcpgate.session;

import java.util.List;

/**
 * Where the filter keeps the replay logs of resumable SSE streams (setting {@code resume}): per
 * legacy-era session, the events of each stream it numbered, so that a client that lost its
 * connection can resume with {@code Last-Event-ID} and miss nothing. It belongs to the session
 * store ({@link SessionStore#replayStore}), so that a clustered store can hold the logs in the same
 * engine as the sessions; {@link InMemoryReplayStore} is the default and the test fixture.
 *
 * <h2>Rules for an implementation</h2>
 * <ul>
 *   <li>Safe for concurrent use. {@link ReplayLog#append} runs on the thread that writes the
 *       stream, once per event: it must not block on the network (write behind).</li>
 *   <li>A session's tag is 12 characters of {@code [a-z2-7]}, random, fixed for the session's life:
 *       it is what tells one session's event ids from another's.</li>
 *   <li>Bounded: events and bytes per stream, bytes across all streams; what is evicted is counted
 *       and reported as lost to a client that resumes before it.</li>
 *   <li>{@link #replay} never answers with another session's events: the session id and the tag
 *       must both match.</li>
 * </ul>
 */
public interface ReplayStore {

    /**
     * Numbers a new stream of the session (creating the session's tag with its first stream).
     *
     * @return the stream's log, to append its events to
     */
    ReplayLog open(String sessionId);

    /**
     * What a client of session {@code sessionId} gets when it resumes after event {@code afterSeq}
     * of stream {@code stream}, as its event id named them with {@code tag}.
     */
    Replay replay(String sessionId, String tag, long stream, long afterSeq);

    /** The session ended: its streams are forgotten. */
    void forget(String sessionId);

    /** Bytes of events held now, across all sessions. */
    long bytesHeld();

    /** Events evicted so far to stay within the bounds. */
    long eventsEvicted();

    /** The log of one stream, as its writer holds it. */
    interface ReplayLog {

        /** The session's tag. */
        String tag();

        /** The stream's number within the session, from 1. */
        long stream();

        /** Keeps the event {@code seq} (1, 2, ... in order) as the bytes a client is sent. */
        void append(long seq, byte[] frame);

        /** Notes that event {@code seq} could not be kept (larger than the per-stream bound). */
        void skip(long seq);

        /** The stream's last event has been appended: a resume delivers up to it and completes. */
        void complete();
    }

    /**
     * The answer to a resume.
     *
     * @param found    whether the id belongs to this session: {@code false} for another session's tag,
     *                 a stream never numbered, an event not yet sent, or a session without streams
     * @param lost     events after the id that were evicted and cannot be sent; {@code -1} when the
     *                 whole stream was forgotten and the number is not known
     * @param frames   the events after the id that are kept, in order, as a client is sent them
     * @param lastSeq  the number of the last event in {@code frames}, or {@code afterSeq} when none
     * @param complete whether the stream has ended: nothing follows {@code lastSeq}
     */
    record Replay(boolean found, long lost, List<byte[]> frames, long lastSeq, boolean complete) {

        /** An id that is not this session's. */
        public static final Replay NOT_FOUND = new Replay(false, 0, List.of(), 0, true);
    }
}
